variable "zone_id" {
  type        = string
  description = "Cloudflare zone of the chat hostname."

  validation {
    condition     = can(regex("^[a-f0-9]{32}$", var.zone_id))
    error_message = "zone_id must be a 32-character Cloudflare zone ID."
  }
}

variable "chat_hostname" {
  type        = string
  description = "Public hostname of the chat service (proxied by Cloudflare to the ALB's mTLS listener)."

  validation {
    condition     = can(regex("^[a-z0-9.-]+\\.[a-z]{2,}$", var.chat_hostname))
    error_message = "chat_hostname must be a host name such as chat.example.com."
  }
}

variable "origin_pull_certificate_id" {
  type        = string
  description = "ID of the per-hostname Authenticated Origin Pulls client certificate already uploaded to the zone (the certificate and its key stay out of Terraform and its state)."
}

variable "ssl_mode" {
  type        = string
  description = "SSL mode the configuration rule sets for the chat hostname (production runs full; strict also validates the origin certificate)."
  default     = "full"

  validation {
    condition     = contains(["full", "strict"], var.ssl_mode)
    error_message = "ssl_mode must be full or strict (origin pulls need at least Full)."
  }
}

variable "rate_limit_requests" {
  type        = number
  description = "Requests per client within rate_limit_period_seconds before Cloudflare blocks it."
  default     = 100

  validation {
    condition     = var.rate_limit_requests >= 1
    error_message = "rate_limit_requests must be at least 1."
  }
}

variable "rate_limit_period_seconds" {
  type        = number
  description = "Counting period of the rate-limit rule, in seconds."
  default     = 60

  validation {
    condition     = contains([10, 60, 120, 300, 600, 3600], var.rate_limit_period_seconds)
    error_message = "rate_limit_period_seconds must be 10, 60, 120, 300, 600 or 3600."
  }
}

variable "rate_limit_mitigation_seconds" {
  type        = number
  description = "How long a rate-limited client stays blocked, in seconds."
  default     = 600

  validation {
    condition     = contains([0, 10, 60, 120, 300, 600, 3600, 86400], var.rate_limit_mitigation_seconds)
    error_message = "rate_limit_mitigation_seconds must be 0, 10, 60, 120, 300, 600, 3600 or 86400."
  }
}
