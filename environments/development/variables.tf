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
