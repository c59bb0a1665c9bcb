variable "name" {
  type        = string
  description = "Name of the user pool (phenom-<env>); prefix of the app client, functions and roles."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the log groups, the Lambda environment variables and the Hasura secret."
}

variable "hasura_secret_arn" {
  type        = string
  description = "Secrets Manager secret whose string is JSON {\"graphql_endpoint\":\"https://…/v1/graphql\",\"admin_secret\":\"…\"} (read by the user sync)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:", var.hasura_secret_arn))
    error_message = "hasura_secret_arn must be a Secrets Manager ARN."
  }
}

variable "user_pool_tier" {
  type        = string
  description = "Feature plan of the pool; V2_0 pre-token-generation events (access-token claims) need ESSENTIALS or PLUS."
  default     = "ESSENTIALS"

  validation {
    condition     = contains(["ESSENTIALS", "PLUS"], var.user_pool_tier)
    error_message = "user_pool_tier must be ESSENTIALS or PLUS (LITE cannot run the V2_0 pre token generation trigger)."
  }
}

variable "password_minimum_length" {
  type        = number
  description = "Minimum password length."
  default     = 8

  validation {
    condition     = var.password_minimum_length >= 8 && var.password_minimum_length <= 99
    error_message = "password_minimum_length must be between 8 and 99."
  }
}

variable "temporary_password_validity_days" {
  type        = number
  description = "Days an administrator-issued temporary password stays valid."
  default     = 7

  validation {
    condition     = var.temporary_password_validity_days >= 1 && var.temporary_password_validity_days <= 365
    error_message = "temporary_password_validity_days must be between 1 and 365."
  }
}

variable "mfa_configuration" {
  type        = string
  description = "Multi-factor authentication: OFF, OPTIONAL (users may enrol a TOTP app) or ON (required)."
  default     = "OPTIONAL"

  validation {
    condition     = contains(["OFF", "OPTIONAL", "ON"], var.mfa_configuration)
    error_message = "mfa_configuration must be OFF, OPTIONAL or ON."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the user pool."
  default     = true
}

variable "oauth_flows" {
  type        = list(string)
  description = "OAuth flows of the app client. Authorization code (with PKCE in the client) is the default; the implicit grant is deprecated by RFC 9700 and only accepted here for compatibility."
  default     = ["code"]

  validation {
    condition     = length(var.oauth_flows) > 0 && alltrue([for f in var.oauth_flows : contains(["code", "implicit"], f)])
    error_message = "oauth_flows must be a non-empty subset of [\"code\", \"implicit\"]."
  }
}

variable "oauth_scopes" {
  type        = list(string)
  description = "OAuth scopes the app client may request."
  default     = ["openid", "email", "profile"]

  validation {
    condition     = alltrue([for s in var.oauth_scopes : contains(["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"], s)])
    error_message = "oauth_scopes may contain phone, email, openid, profile and aws.cognito.signin.user.admin."
  }
}

variable "callback_urls" {
  type        = list(string)
  description = "Redirect URLs after sign-in."
  default     = ["http://localhost:3000/callback"]

  validation {
    condition     = length(var.callback_urls) > 0 && alltrue([for u in var.callback_urls : can(regex("^(https://|http://localhost[:/])", u))])
    error_message = "callback_urls must be HTTPS URLs (http only for localhost)."
  }
}

variable "logout_urls" {
  type        = list(string)
  description = "Redirect URLs after sign-out."
  default     = ["http://localhost:3000"]

  validation {
    condition     = alltrue([for u in var.logout_urls : can(regex("^(https://|http://localhost[:/]?)", u))])
    error_message = "logout_urls must be HTTPS URLs (http only for localhost)."
  }
}

variable "access_token_validity_minutes" {
  type        = number
  description = "Lifetime of access and ID tokens, in minutes."
  default     = 60

  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440
    error_message = "access_token_validity_minutes must be between 5 and 1440."
  }
}

variable "refresh_token_validity_days" {
  type        = number
  description = "Lifetime of refresh tokens, in days."
  default     = 30

  validation {
    condition     = var.refresh_token_validity_days >= 1 && var.refresh_token_validity_days <= 3650
    error_message = "refresh_token_validity_days must be between 1 and 3650."
  }
}

variable "hasura_default_role" {
  type        = string
  description = "x-hasura-default-role claim added by the pre token generation trigger."
  default     = "user"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]+$", var.hasura_default_role))
    error_message = "hasura_default_role may contain letters, digits, '_' and '-' only."
  }
}

variable "hasura_allowed_roles" {
  type        = list(string)
  description = "x-hasura-allowed-roles claim added by the pre token generation trigger (must include the default role)."
  default     = ["user"]

  validation {
    condition     = length(var.hasura_allowed_roles) > 0 && alltrue([for r in var.hasura_allowed_roles : can(regex("^[a-zA-Z0-9_-]+$", r))])
    error_message = "hasura_allowed_roles must be a non-empty list of role names (letters, digits, '_' and '-')."
  }
}

variable "secret_cache_ttl_seconds" {
  type        = number
  description = "Seconds the user sync caches the Hasura secret (5 minutes)."
  default     = 300

  validation {
    condition     = var.secret_cache_ttl_seconds >= 0 && var.secret_cache_ttl_seconds <= 3600
    error_message = "secret_cache_ttl_seconds must be between 0 and 3600."
  }
}

variable "sync_timeout_ms" {
  type        = number
  description = "Milliseconds the user sync waits for the GraphQL mutation (Cognito gives a trigger 5 seconds)."
  default     = 3000

  validation {
    condition     = var.sync_timeout_ms >= 100 && var.sync_timeout_ms <= 4500
    error_message = "sync_timeout_ms must be between 100 and 4500 (the Cognito trigger limit is 5 s)."
  }
}

variable "lambda_runtime" {
  type        = string
  description = "Runtime of the trigger functions (a supported Node.js runtime; nodejs24.x needs hashicorp/aws >= 6.21)."
  default     = "nodejs24.x"

  validation {
    condition     = contains(["nodejs22.x", "nodejs24.x"], var.lambda_runtime)
    error_message = "lambda_runtime must be nodejs22.x or nodejs24.x (nodejs18.x and nodejs20.x are deprecated on Lambda)."
  }
}

variable "lambda_memory_size" {
  type        = number
  description = "Memory of the trigger functions, in MB."
  default     = 256

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240
    error_message = "lambda_memory_size must be between 128 and 10240 MB."
  }
}

variable "lambda_reserved_concurrency" {
  type        = number
  description = "Concurrent executions reserved for (and capping) each trigger function."
  default     = 20

  validation {
    condition     = var.lambda_reserved_concurrency >= 1
    error_message = "lambda_reserved_concurrency must be at least 1."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the trigger log groups, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
