variable "name" {
  type        = string
  description = "Name of the web ACL (production's existing ACL is phenom-prod-chat-protect)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,128}$", var.name))
    error_message = "name may contain letters, digits, '_' and '-' only (at most 128)."
  }
}

variable "resource_arn" {
  type        = string
  description = "ARN of the regional resource the ACL protects (the ALB)."
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

variable "association_role_name" {
  type        = string
  description = "IAM role (the deployment role) granted the right to associate this ACL with the ALB; null grants nothing."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
