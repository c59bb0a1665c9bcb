variable "name_prefix" {
  type        = string
  description = "Prefix of every secret name: <name_prefix>/<key>."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_+=.@-]{1,200}$", var.name_prefix))
    error_message = "name_prefix may contain letters, digits and /_+=.@- only."
  }
}

variable "secrets" {
  type        = map(string)
  description = "Secrets to create, key -> description of the JSON the secret string holds. Only the containers are created here: values are put by an operator (aws secretsmanager put-secret-value), never in code, tfvars or state."
  default = {
    app-config       = "Application configuration of the ECS services (JSON, e.g. {\"hasura_admin_secret\":\"…\",\"hasura_graphql_jwt_secret\":\"…\"})"
    upload-passwords = "Upload passwords of the video upload page (JSON {\"passwords\":[\"…\"]})"
    hasura-sync      = "GraphQL endpoint and admin secret for the Cognito user sync (JSON {\"graphql_endpoint\":\"https://…/v1/graphql\",\"admin_secret\":\"…\"})"
  }

  validation {
    condition     = alltrue([for k in keys(var.secrets) : can(regex("^[a-z0-9-]{1,64}$", k))])
    error_message = "secrets keys must be 1-64 lower-case letters, digits or hyphens."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the secrets."
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days a deleted secret can still be restored (0 deletes at once)."
  default     = 30

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
