variable "name" {
  type        = string
  description = "Name prefix (phenom-<env>) of the API, functions, roles and buckets (<name>-video-staging, <name>-video-final, <name>-video-client)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits or hyphens (bucket names add up to 13 characters)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the log groups, the dead-letter queue, the Lambda environment variables and the upload-password secret."
}

variable "upload_passwords_secret_arn" {
  type        = string
  description = "Secrets Manager secret whose string is JSON {\"passwords\":[…]} (the accepted upload passwords)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:", var.upload_passwords_secret_arn))
    error_message = "upload_passwords_secret_arn must be a Secrets Manager ARN."
  }
}

variable "allowed_origins" {
  type        = list(string)
  description = "Extra browser origins (besides the upload page's own CloudFront origin) allowed to call the API and PUT to the staging bucket; \"*\" allows any."
  default     = []

  validation {
    condition     = alltrue([for o in var.allowed_origins : o == "*" || can(regex("^https?://[^/]+$", o))])
    error_message = "allowed_origins entries must be \"*\" or an origin such as https://app.example.com (no path, no trailing slash)."
  }
}

variable "api_key_required" {
  type        = bool
  description = "Require an API key on every route of the upload API; the key is bound to the usage plan and published to the upload page in config.json (it meters, it does not authenticate: the upload password does)."
  default     = true
}

variable "stage_name" {
  type        = string
  description = "API Gateway stage name."
  default     = "v1"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name may contain letters, digits, '_' and '-' only."
  }
}

variable "quota_limit" {
  type        = number
  description = "Requests allowed per quota period by the usage plan."
  default     = 10000

  validation {
    condition     = var.quota_limit >= 1
    error_message = "quota_limit must be at least 1."
  }
}

variable "quota_period" {
  type        = string
  description = "Quota period of the usage plan."
  default     = "DAY"

  validation {
    condition     = contains(["DAY", "WEEK", "MONTH"], var.quota_period)
    error_message = "quota_period must be DAY, WEEK or MONTH."
  }
}

variable "throttle_rate_limit" {
  type        = number
  description = "Steady-state requests per second (usage plan and stage)."
  default     = 10

  validation {
    condition     = var.throttle_rate_limit > 0
    error_message = "throttle_rate_limit must be positive."
  }
}

variable "throttle_burst_limit" {
  type        = number
  description = "Burst capacity in requests (usage plan and stage)."
  default     = 20

  validation {
    condition     = var.throttle_burst_limit >= 1
    error_message = "throttle_burst_limit must be at least 1."
  }
}

variable "execution_logging_level" {
  type        = string
  description = "API Gateway execution logging level. Like the stage's access logs it needs the account-level API Gateway CloudWatch role, a prerequisite of the account (docs/workflows.md), or the apply fails with \"CloudWatch Logs role ARN must be set in account settings\"."
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.execution_logging_level)
    error_message = "execution_logging_level must be OFF, ERROR or INFO."
  }
}

variable "max_upload_bytes" {
  type        = number
  description = "Largest file the presigned-URL generator accepts, in bytes (500 MB)."
  default     = 524288000

  validation {
    condition     = var.max_upload_bytes >= 1 && var.max_upload_bytes <= 5368709120
    error_message = "max_upload_bytes must be between 1 and 5368709120 (5 GiB, the single PUT limit)."
  }
}

variable "multipart_threshold_bytes" {
  type        = number
  description = "Files larger than this are uploaded in parts (S3 multipart upload, resumable); smaller ones with one PUT (16 MB)."
  default     = 16777216

  validation {
    condition     = var.multipart_threshold_bytes >= 5242880 && var.multipart_threshold_bytes <= 5368709120
    error_message = "multipart_threshold_bytes must be between 5242880 (5 MB, S3's smallest part) and 5368709120 (5 GiB, the single PUT limit)."
  }
}

variable "url_expiry_seconds" {
  type        = number
  description = "Validity of a pre-signed upload or part URL, in seconds (1 hour)."
  default     = 3600

  validation {
    condition     = var.url_expiry_seconds >= 60 && var.url_expiry_seconds <= 604800
    error_message = "url_expiry_seconds must be between 60 and 604800 (SigV4 maximum, 7 days)."
  }
}

variable "secret_cache_ttl_seconds" {
  type        = number
  description = "Seconds the presigned-URL generator caches the upload passwords (5 minutes)."
  default     = 300

  validation {
    condition     = var.secret_cache_ttl_seconds >= 0 && var.secret_cache_ttl_seconds <= 3600
    error_message = "secret_cache_ttl_seconds must be between 0 and 3600."
  }
}

variable "staging_expiration_days" {
  type        = number
  description = "Days after which objects left in the staging bucket expire (1 = 24 hours; S3 lifecycle runs about daily)."
  default     = 1

  validation {
    condition     = var.staging_expiration_days >= 1
    error_message = "staging_expiration_days must be at least 1."
  }
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced or deleted version of a final or hosting object is kept."
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  type        = number
  description = "Days after which incomplete multipart uploads are aborted in every bucket."
  default     = 1

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "lambda_runtime" {
  type        = string
  description = "Runtime of the functions (a supported Node.js runtime; nodejs24.x needs hashicorp/aws >= 6.21)."
  default     = "nodejs24.x"

  validation {
    condition     = contains(["nodejs22.x", "nodejs24.x"], var.lambda_runtime)
    error_message = "lambda_runtime must be nodejs22.x or nodejs24.x (nodejs18.x and nodejs20.x are deprecated on Lambda)."
  }
}

variable "lambda_architecture" {
  type        = string
  description = "Instruction set of the functions (must match any ClamAV layer)."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "presigned_url_timeout" {
  type        = number
  description = "Timeout of the presigned-URL generator, in seconds."
  default     = 10

  validation {
    condition     = var.presigned_url_timeout >= 1 && var.presigned_url_timeout <= 29
    error_message = "presigned_url_timeout must be between 1 and 29 seconds (API Gateway's integration timeout)."
  }
}

variable "presigned_url_memory_size" {
  type        = number
  description = "Memory of the presigned-URL generator, in MB."
  default     = 256

  validation {
    condition     = var.presigned_url_memory_size >= 128 && var.presigned_url_memory_size <= 10240
    error_message = "presigned_url_memory_size must be between 128 and 10240 MB."
  }
}

variable "presigned_url_reserved_concurrency" {
  type        = number
  description = "Concurrent executions reserved for (and capping) the presigned-URL generator."
  default     = 20

  validation {
    condition     = var.presigned_url_reserved_concurrency >= 1
    error_message = "presigned_url_reserved_concurrency must be at least 1."
  }
}

variable "file_validator_timeout" {
  type        = number
  description = "Timeout of the file validator, in seconds (a 500 MB virus scan takes minutes)."
  default     = 300

  validation {
    condition     = var.file_validator_timeout >= 1 && var.file_validator_timeout <= 900
    error_message = "file_validator_timeout must be between 1 and 900 seconds."
  }
}

variable "file_validator_memory_size" {
  type        = number
  description = "Memory of the file validator, in MB (ClamAV needs about 1.5 GB for its signatures)."
  default     = 2048

  validation {
    condition     = var.file_validator_memory_size >= 128 && var.file_validator_memory_size <= 10240
    error_message = "file_validator_memory_size must be between 128 and 10240 MB."
  }
}

variable "file_validator_ephemeral_storage_mb" {
  type        = number
  description = "/tmp size of the file validator, in MB (holds one upload during a virus scan)."
  default     = 2048

  validation {
    condition     = var.file_validator_ephemeral_storage_mb >= 512 && var.file_validator_ephemeral_storage_mb <= 10240
    error_message = "file_validator_ephemeral_storage_mb must be between 512 and 10240 MB."
  }
}

variable "file_validator_reserved_concurrency" {
  type        = number
  description = "Concurrent executions reserved for (and capping) the file validator."
  default     = 10

  validation {
    condition     = var.file_validator_reserved_concurrency >= 1
    error_message = "file_validator_reserved_concurrency must be at least 1."
  }
}

variable "file_validator_max_retries" {
  type        = number
  description = "Retries of a failed asynchronous file validation before the event goes to the dead-letter queue."
  default     = 2

  validation {
    condition     = var.file_validator_max_retries >= 0 && var.file_validator_max_retries <= 2
    error_message = "file_validator_max_retries must be 0, 1 or 2."
  }
}

variable "clamav_enabled" {
  type        = bool
  description = "Scan uploads with ClamAV (needs clamav_layer_arns providing clamscan and signatures)."
  default     = false
}

variable "clamav_layer_arns" {
  type        = list(string)
  description = "Lambda layers providing clamscan and its signature database for the file validator."
  default     = []

  validation {
    condition     = length(var.clamav_layer_arns) <= 5
    error_message = "A function can use at most 5 layers."
  }
}

variable "clamav_db_path" {
  type        = string
  description = "Directory of the ClamAV signature database inside the function (layer contents are under /opt)."
  default     = "/opt/clamav"
}

variable "clamscan_path" {
  type        = string
  description = "Path or name of the clamscan executable inside the function."
  default     = "clamscan"
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the function and API access log groups, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "cloudfront_price_class" {
  type        = string
  description = "CloudFront price class of the upload page."
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_All", "PriceClass_200", "PriceClass_100"], var.cloudfront_price_class)
    error_message = "cloudfront_price_class must be PriceClass_All, PriceClass_200 or PriceClass_100."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Allow deleting the buckets with their objects. Keep false where uploads are real data."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
