variable "name" {
  type        = string
  description = "Name of the load balancer (at most 32 characters); also the Name tag prefix of its target groups and the prefix of its access-log bucket (<name>-alb-access-logs)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$", var.name))
    error_message = "name must be 2-22 lower-case letters, digits or hyphens (it names the access-log bucket, and target group Name tags append a suffix)."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the target groups."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Public subnets of the load balancer (at least two availability zones)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least two subnets in different availability zones."
  }
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the load balancer."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the HTTPS listeners (TLS terminates at the ALB)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:...)."
  }
}

variable "ssl_policy" {
  type        = string
  description = "TLS security policy of the HTTPS listeners."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-")
    error_message = "ssl_policy must be an ELB security policy name (ELBSecurityPolicy-...)."
  }
}

variable "target_groups" {
  type = map(object({
    port                 = number
    path_patterns        = optional(list(string), [])
    priority             = optional(number)
    listener             = optional(string, "https")
    health_check_path    = optional(string, "/healthz")
    health_check_matcher = optional(string, "200")
  }))
  description = "Target groups by service name. Each forwards to Fargate tasks (target type ip) on `port`, is health-checked on `health_check_path`, and is routed by `path_patterns` on the HTTPS listener (`listener = \"https\"`) or is the default of the chat listener (`listener = \"chat\"`)."
  default = {
    graphql   = { port = 8080, path_patterns = ["/api/graphql", "/api/graphql/*"], priority = 10 }
    auth      = { port = 4000, path_patterns = ["/api/auth", "/api/auth/*"], priority = 20 }
    storage   = { port = 5000, path_patterns = ["/api/storage", "/api/storage/*"], priority = 30 }
    functions = { port = 3000, path_patterns = ["/api/functions", "/api/functions/*"], priority = 40 }
  }

  validation {
    condition     = alltrue([for k, tg in var.target_groups : contains(["https", "chat"], tg.listener)])
    error_message = "target_groups[*].listener must be \"https\" or \"chat\"."
  }

  validation {
    condition     = alltrue([for k, tg in var.target_groups : tg.port >= 1 && tg.port <= 65535])
    error_message = "target_groups[*].port must be between 1 and 65535."
  }

  validation {
    condition     = alltrue([for k, tg in var.target_groups : tg.listener != "https" || (length(tg.path_patterns) > 0 && tg.priority != null)])
    error_message = "A target group on the https listener needs path_patterns and a priority."
  }

  # A conditional, not `||`: Terraform evaluates both sides of `||` before 1.12, and `null >= 1` is an error.
  validation {
    condition     = alltrue([for k, tg in var.target_groups : tg.priority == null ? true : (tg.priority >= 1 && tg.priority <= 50000)])
    error_message = "target_groups[*].priority must be between 1 and 50000."
  }

  validation {
    condition     = alltrue([for k, tg in var.target_groups : can(regex("^[a-z0-9][a-z0-9-]{0,8}$", k))])
    error_message = "target_groups keys must be 1-9 lower-case letters, digits or hyphens, starting with a letter or digit (the first five characters prefix the target group's name; the key ends its Name tag)."
  }
}

variable "health_check_interval" {
  type        = number
  description = "Seconds between health checks of every target group."
  default     = 30

  validation {
    condition     = var.health_check_interval >= 5 && var.health_check_interval <= 300
    error_message = "health_check_interval must be between 5 and 300 seconds."
  }
}

variable "health_check_timeout" {
  type        = number
  description = "Seconds before a health check counts as failed."
  default     = 5

  validation {
    condition     = var.health_check_timeout >= 2 && var.health_check_timeout <= 120
    error_message = "health_check_timeout must be between 2 and 120 seconds."
  }
}

variable "healthy_threshold" {
  type        = number
  description = "Consecutive successful checks before a target is healthy."
  default     = 3

  validation {
    condition     = var.healthy_threshold >= 2 && var.healthy_threshold <= 10
    error_message = "healthy_threshold must be between 2 and 10."
  }
}

variable "unhealthy_threshold" {
  type        = number
  description = "Consecutive failed checks before a target is unhealthy."
  default     = 3

  validation {
    condition     = var.unhealthy_threshold >= 2 && var.unhealthy_threshold <= 10
    error_message = "unhealthy_threshold must be between 2 and 10."
  }
}

variable "deregistration_delay" {
  type        = number
  description = "Seconds the ALB drains a deregistering target."
  default     = 30

  validation {
    condition     = var.deregistration_delay >= 0 && var.deregistration_delay <= 3600
    error_message = "deregistration_delay must be between 0 and 3600 seconds."
  }
}

variable "idle_timeout" {
  type        = number
  description = "Idle connection timeout of the load balancer, in seconds."
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000
    error_message = "idle_timeout must be between 1 and 4000 seconds."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the load balancer against deletion."
  default     = true
}

variable "access_logs_retention_days" {
  type        = number
  description = "Days the load balancer's access logs are kept in its <name>-alb-access-logs bucket."
  default     = 90

  validation {
    condition     = var.access_logs_retention_days >= 1 && var.access_logs_retention_days <= 3650
    error_message = "access_logs_retention_days must be between 1 and 3650."
  }
}

variable "chat_listener" {
  type = object({
    port                             = optional(number, 8443)
    certificate_arn                  = optional(string)
    target_group                     = string
    mutual_authentication_mode       = optional(string, "verify")
    trust_store_name                 = string
    ca_bundle_s3_bucket              = string
    ca_bundle_s3_key                 = string
    ca_bundle_s3_object_version      = optional(string)
    ignore_client_certificate_expiry = optional(bool, false)
    advertise_trust_store_ca_names   = optional(string, "off")
  })
  description = "Optional HTTPS listener for chat (Matrix) that only clients presenting a certificate from the trust store's CA may reach (mutual TLS, mode verify; Cloudflare Authenticated Origin Pulls present such a certificate). Forwards to the target group named `target_group`. null: no chat listener."
  default     = null

  validation {
    condition     = var.chat_listener == null || contains(["verify", "passthrough"], try(var.chat_listener.mutual_authentication_mode, ""))
    error_message = "chat_listener.mutual_authentication_mode must be verify or passthrough (off would make the listener public)."
  }

  validation {
    condition     = var.chat_listener == null || contains(["on", "off"], try(var.chat_listener.advertise_trust_store_ca_names, ""))
    error_message = "chat_listener.advertise_trust_store_ca_names must be on or off."
  }

  validation {
    condition     = var.chat_listener == null || can(regex("^[a-zA-Z0-9-]{1,32}$", try(var.chat_listener.trust_store_name, "")))
    error_message = "chat_listener.trust_store_name must be 1-32 letters, digits or hyphens."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
