variable "bucket_name" {
  type        = string
  description = "Name of the bucket (the general storage bucket replacing MinIO, an ALB's access-log bucket)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lower-case letters, digits, dots or hyphens."
  }
}

variable "versioning_enabled" {
  type        = bool
  description = "Keep every version of every object."
  default     = true
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced or deleted object version is kept before it expires."
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  type        = number
  description = "Days after which incomplete multipart uploads are aborted."
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "expiration_days" {
  type        = number
  description = "Days after which every object expires (a log bucket); null keeps objects until deleted."
  default     = null

  validation {
    condition     = var.expiration_days == null ? true : var.expiration_days >= 1
    error_message = "expiration_days must be at least 1 (or null)."
  }
}

variable "policy_json" {
  type        = string
  description = "Extra bucket policy statements (IAM policy JSON) merged with the TLS-only statement, e.g. a log delivery grant; null adds none."
  default     = null

  validation {
    condition     = var.policy_json == null ? true : can(jsondecode(var.policy_json).Statement)
    error_message = "policy_json must be an IAM policy document (JSON with a Statement list), or null."
  }
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "Origins browsers may access the bucket from (presigned GET/PUT); empty disables CORS."
  default     = []
}

variable "cors_allowed_methods" {
  type        = list(string)
  description = "HTTP methods allowed by CORS."
  default     = ["GET", "HEAD", "PUT", "POST"]

  validation {
    condition     = alltrue([for m in var.cors_allowed_methods : contains(["GET", "PUT", "HEAD", "POST", "DELETE"], m)])
    error_message = "cors_allowed_methods may only contain GET, PUT, HEAD, POST and DELETE."
  }
}

variable "cors_max_age_seconds" {
  type        = number
  description = "Seconds browsers cache a CORS preflight response."
  default     = 3000

  validation {
    condition     = var.cors_max_age_seconds >= 0
    error_message = "cors_max_age_seconds must not be negative."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Allow deleting the bucket with its objects. Keep false for real data."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
