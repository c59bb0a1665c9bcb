variable "name" {
  type        = string
  description = "Name of the web ACL (production's existing edge ACL is phenom-prod-chat-protect)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,128}$", var.name))
    error_message = "name may contain letters, digits, '_' and '-' only (at most 128)."
  }
}

variable "resource_arn" {
  type        = string
  description = "ARN of the regional resource the ACL protects: an ALB, an API Gateway REST API stage, a Cognito user pool or an AppSync API."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:(elasticloadbalancing|apigateway|cognito-idp|appsync):", var.resource_arn))
    error_message = "resource_arn must be the ARN of an ALB, an API Gateway stage, a Cognito user pool or an AppSync API."
  }
}

variable "mode" {
  type        = string
  description = "count: every rule only counts matches (how production runs today); block: rules enforce (managed groups use their own actions)."
  default     = "count"

  validation {
    condition     = contains(["count", "block"], var.mode)
    error_message = "mode must be count or block."
  }
}

variable "managed_rule_groups" {
  type = list(object({
    name     = string
    priority = number
  }))
  description = "AWS managed rule groups evaluated by the ACL, in priority order."
  default = [
    { name = "AWSManagedRulesCommonRuleSet", priority = 10 },
    { name = "AWSManagedRulesKnownBadInputsRuleSet", priority = 20 },
    { name = "AWSManagedRulesAmazonIpReputationList", priority = 30 },
  ]
}

variable "rate_limit" {
  type        = number
  description = "Requests per IP within rate_limit_window_seconds above which the rate rule matches."
  default     = 2000

  validation {
    condition     = var.rate_limit >= 10 && var.rate_limit <= 2000000000
    error_message = "rate_limit must be between 10 and 2000000000."
  }
}

variable "rate_limit_window_seconds" {
  type        = number
  description = "Evaluation window of the rate rule, in seconds."
  default     = 300

  validation {
    condition     = contains([60, 120, 300, 600], var.rate_limit_window_seconds)
    error_message = "rate_limit_window_seconds must be 60, 120, 300 or 600."
  }
}

variable "rate_limit_priority" {
  type        = number
  description = "Priority of the rate rule."
  default     = 40

  validation {
    condition     = var.rate_limit_priority >= 0
    error_message = "rate_limit_priority must not be negative."
  }
}

variable "association_principal_arn" {
  type        = string
  description = "ARN of the IAM role that applies (CI's apply role): before associating, Terraform checks with IAM's policy simulator that the role already holds the association grant (output association_policy_json); null skips the check. Terraform never grants it."
  default     = null

  validation {
    condition     = var.association_principal_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", var.association_principal_arn))
    error_message = "association_principal_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>) or null."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
