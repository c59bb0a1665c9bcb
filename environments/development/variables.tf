variable "aws_account_id" {
  type        = string
  description = "AWS account of development (staging); the provider refuses to run against any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account ID."
  }
}

variable "cognito_user_pool_id" {
  type        = string
  description = "ID of staging's existing Cognito user pool, adopted by the import block in main.tf."
  default     = "us-east-1_n8gO6SbP6"

  validation {
    condition     = can(regex("^us-east-1_[0-9A-Za-z]+$", var.cognito_user_pool_id))
    error_message = "cognito_user_pool_id must be a us-east-1 user pool ID (us-east-1_XXXXXXXXX)."
  }
}

variable "alb_certificate_arn" {
  type        = string
  description = "ACM certificate of the ALB's HTTPS listener."

  validation {
    condition     = can(regex("^arn:aws:acm:us-east-1:[0-9]{12}:certificate/", var.alb_certificate_arn))
    error_message = "alb_certificate_arn must be an ACM certificate ARN in us-east-1."
  }
}

variable "app_origins" {
  type        = list(string)
  description = "HTTPS origins of the staging web app (CORS of the media bucket and upload API, Cognito callback and logout URLs)."

  validation {
    condition     = length(var.app_origins) > 0 && alltrue([for o in var.app_origins : can(regex("^https://[^/]+$", o))])
    error_message = "app_origins must be a non-empty list of https:// origins without a path."
  }
}

variable "deploy_role_arn" {
  type        = string
  description = "ARN of the IAM role CI applies this root with. It must already hold the WAF association grants (output deploy_role_waf_grants; Terraform never writes them onto the role it runs as), and the plan checks that with IAM's policy simulator. Required; null only where IAM cannot answer (the offline provider double)."

  validation {
    condition     = var.deploy_role_arn == null || can(regex("^arn:aws:iam::[0-9]{12}:role/", var.deploy_role_arn))
    error_message = "deploy_role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "alarm_subscribers" {
  type = list(object({
    protocol = string
    endpoint = string
  }))
  description = "Who the CPU/memory alarms of this environment notify (SNS subscriptions of its <name>-alarms topic): e.g. [{ protocol = \"email\", endpoint = \"oncall@example.com\" }]. Passed by CI (no personal addresses in the repository); e-mail subscriptions wait for confirmation. May be empty for staging."

  validation {
    condition     = alltrue([for s in var.alarm_subscribers : contains(["email", "email-json", "http", "https", "sms", "sqs", "lambda", "firehose", "application"], s.protocol) && length(trimspace(s.endpoint)) > 0])
    error_message = "every alarm subscriber needs a protocol SNS accepts and an endpoint."
  }
}
