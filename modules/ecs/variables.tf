variable "name" {
  type        = string
  description = "Name of the cluster (phenom-<env>); prefix of services, task families and roles; the log group is /ecs/<name>."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 letters, digits or hyphens, starting with a letter."
  }
}

variable "services" {
  type = map(object({
    image                    = string
    port                     = number
    cpu                      = optional(number, 256)
    memory                   = optional(number, 512)
    desired_count            = optional(number, 2)
    min_capacity             = optional(number, 2)
    max_capacity             = optional(number, 4)
    target_group_arn         = optional(string)
    environment              = optional(map(string), {})
    secrets                  = optional(map(string), {})
    command                  = optional(list(string))
    readonly_root_filesystem = optional(bool, true)
    writable_paths           = optional(list(string), ["/tmp"])
    task_role_policies       = optional(map(string), {})
  }))
  description = <<-EOT
    Fargate services by name. Each runs `desired_count` tasks of `cpu` units / `memory` MiB (defaults: 2 x 0.25 vCPU / 0.5 GB),
    scales between `min_capacity` and `max_capacity`, registers with `target_group_arn` when given, and gets `environment`
    (plain values) and `secrets` (variable name -> Secrets Manager ARN, optionally with `:json-key::`, resolved at task start).
    `task_role_policies` are the inline IAM policies (name -> JSON) of the service's own task role (least privilege;
    none by default); the names must be known at plan time, the JSON need not be.
    The root filesystem is read-only (`readonly_root_filesystem`, default true; set false only for an image that
    writes outside `writable_paths`, with the reason next to it); each of `writable_paths` (default ["/tmp"]) is a
    task-local scratch volume on the task's ephemeral storage, emptied when the task stops.
  EOT

  validation {
    condition     = length(var.services) > 0
    error_message = "services must contain at least one service."
  }

  validation {
    condition     = alltrue([for k, s in var.services : contains([256, 512, 1024, 2048, 4096, 8192, 16384], s.cpu)])
    error_message = "services[*].cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }

  validation {
    condition     = alltrue([for k, s in var.services : s.memory >= 512 && s.memory <= 122880 && s.memory >= s.cpu * 2])
    error_message = "services[*].memory must be a Fargate memory size in MiB (512-122880, at least twice the CPU units)."
  }

  validation {
    condition     = alltrue([for k, s in var.services : s.min_capacity <= s.desired_count && s.desired_count <= s.max_capacity && s.min_capacity >= 0])
    error_message = "services[*] needs 0 <= min_capacity <= desired_count <= max_capacity."
  }

  validation {
    condition     = alltrue([for k, s in var.services : s.port >= 1 && s.port <= 65535])
    error_message = "services[*].port must be between 1 and 65535."
  }

  validation {
    condition     = alltrue([for k, s in var.services : alltrue([for p in s.writable_paths : can(regex("^/[a-zA-Z0-9._/-]+$", p)) && p != "/"])])
    error_message = "services[*].writable_paths must be absolute container paths such as /tmp (not /)."
  }

  validation {
    condition     = alltrue([for k, s in var.services : alltrue([for v in values(s.secrets) : startswith(v, "arn:")])])
    error_message = "services[*].secrets values must be Secrets Manager ARNs (never secret values)."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets of the tasks."

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids needs at least one subnet."
  }
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the tasks."
}

variable "secret_arns" {
  type        = list(string)
  description = "Secrets Manager secrets the task execution role may read to inject container secrets."
  default     = []
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the log group, ECS Exec sessions and the secrets the tasks read."
}

variable "container_insights" {
  type        = string
  description = "CloudWatch Container Insights of the cluster."
  default     = "enabled"

  validation {
    condition     = contains(["enhanced", "enabled", "disabled"], var.container_insights)
    error_message = "container_insights must be enhanced, enabled or disabled."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the /ecs/<name> log group, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "health_check_grace_period_seconds" {
  type        = number
  description = "Seconds ECS ignores failing load balancer health checks after a task starts."
  default     = 60

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must be between 0 and 2147483647."
  }
}

variable "cpu_scaling_target" {
  type        = number
  description = "Average CPU utilisation (percent) auto-scaling keeps each service at."
  default     = 70

  validation {
    condition     = var.cpu_scaling_target > 0 && var.cpu_scaling_target <= 100
    error_message = "cpu_scaling_target must be between 1 and 100."
  }
}

variable "memory_scaling_target" {
  type        = number
  description = "Average memory utilisation (percent) auto-scaling keeps each service at."
  default     = 80

  validation {
    condition     = var.memory_scaling_target > 0 && var.memory_scaling_target <= 100
    error_message = "memory_scaling_target must be between 1 and 100."
  }
}

variable "scale_in_cooldown" {
  type        = number
  description = "Seconds between scale-in activities."
  default     = 300

  validation {
    condition     = var.scale_in_cooldown >= 0
    error_message = "scale_in_cooldown must not be negative."
  }
}

variable "scale_out_cooldown" {
  type        = number
  description = "Seconds between scale-out activities."
  default     = 60

  validation {
    condition     = var.scale_out_cooldown >= 0
    error_message = "scale_out_cooldown must not be negative."
  }
}

variable "cpu_alarm_threshold" {
  type        = number
  description = "Average CPU utilisation (percent) above which a service's CPU alarm fires."
  default     = 80

  validation {
    condition     = var.cpu_alarm_threshold > 0 && var.cpu_alarm_threshold <= 100
    error_message = "cpu_alarm_threshold must be between 1 and 100."
  }
}

variable "memory_alarm_threshold" {
  type        = number
  description = "Average memory utilisation (percent) above which a service's memory alarm fires."
  default     = 80

  validation {
    condition     = var.memory_alarm_threshold > 0 && var.memory_alarm_threshold <= 100
    error_message = "memory_alarm_threshold must be between 1 and 100."
  }
}

variable "alarm_evaluation_periods" {
  type        = number
  description = "Consecutive 60-second periods above the threshold before an alarm fires."
  default     = 5

  validation {
    condition     = var.alarm_evaluation_periods >= 1
    error_message = "alarm_evaluation_periods must be at least 1."
  }
}

variable "alarm_actions" {
  type        = list(string)
  description = "ARNs notified when an alarm fires or recovers (e.g. an SNS topic)."
  default     = []
}

variable "enable_execute_command" {
  type        = bool
  description = "Allow ECS Exec into running tasks (sessions are encrypted with kms_key_arn)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
