variable "name" {
  type        = string
  description = "Name prefix (phenom-<env>); the topic is <name>-alarms."

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,249}$", var.name))
    error_message = "name may contain letters, digits, '_' and '-' only (the topic name adds 7 characters, at most 256 in all)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key the topic is encrypted with; its policy must let cloudwatch.amazonaws.com use it (modules/kms does)."
}

variable "subscribers" {
  type = list(object({
    protocol = string
    endpoint = string
  }))
  description = "Who is notified: SNS subscriptions as protocol and endpoint, e.g. { protocol = \"email\", endpoint = \"oncall@example.com\" } or { protocol = \"https\", endpoint = \"https://…\" }. E-mail subscriptions wait for the recipient's confirmation."

  validation {
    condition     = alltrue([for s in var.subscribers : contains(["email", "email-json", "http", "https", "sms", "sqs", "lambda", "firehose", "application"], s.protocol)])
    error_message = "subscribers[*].protocol must be email, email-json, http, https, sms, sqs, lambda, firehose or application."
  }

  validation {
    condition     = alltrue([for s in var.subscribers : length(trimspace(s.endpoint)) > 0])
    error_message = "subscribers[*].endpoint must not be empty."
  }

  validation {
    condition     = length(distinct([for s in var.subscribers : "${s.protocol}:${s.endpoint}"])) == length(var.subscribers)
    error_message = "subscribers must not list the same protocol and endpoint twice."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
