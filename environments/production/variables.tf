variable "aws_account_id" {
  type        = string
  description = "AWS account of production; the provider refuses to run against any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account ID."
  }
}

variable "cognito_user_pool_id" {
  type        = string
  description = "ID of production's existing Cognito user pool, adopted by the import block in main.tf."
  default     = "us-east-1_knEL7cqS3"

  validation {
    condition     = can(regex("^us-east-1_[0-9A-Za-z]+$", var.cognito_user_pool_id))
    error_message = "cognito_user_pool_id must be a us-east-1 user pool ID (us-east-1_XXXXXXXXX)."
  }
}

variable "alb_certificate_arn" {
  type        = string
  description = "ACM certificate of the ALB's HTTPS listeners."

  validation {
    condition     = can(regex("^arn:aws:acm:us-east-1:[0-9]{12}:certificate/", var.alb_certificate_arn))
    error_message = "alb_certificate_arn must be an ACM certificate ARN in us-east-1."
  }
}

variable "app_origins" {
  type        = list(string)
  description = "HTTPS origins of the web app (CORS of the media bucket and upload API, Cognito callback and logout URLs)."

  validation {
    condition     = length(var.app_origins) > 0 && alltrue([for o in var.app_origins : can(regex("^https://[^/]+$", o))])
    error_message = "app_origins must be a non-empty list of https:// origins without a path."
  }
}

variable "app_image_tag" {
  type        = string
  description = "Tag of the team's own container images in ECR (nest-api, chat-mcp); CI passes the release tag."
  default     = "stable"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{1,128}$", var.app_image_tag))
    error_message = "app_image_tag must be a valid image tag."
  }
}

variable "chat_hostname" {
  type        = string
  description = "Public hostname of the chat service (Cloudflare-proxied to the ALB's mTLS chat listener)."

  validation {
    condition     = can(regex("^[a-z0-9.-]+\\.[a-z]{2,}$", var.chat_hostname))
    error_message = "chat_hostname must be a host name such as chat.example.com."
  }
}

variable "chat_trust_store_ca_bundle" {
  type = object({
    s3_bucket = string
    s3_key    = string
  })
  description = "S3 location of the CA bundle (PEM) the chat listener's trust store verifies client certificates against (the issuer of the Cloudflare origin-pull certificate)."
}

variable "cloudflare_zone_id" {
  type        = string
  description = "Cloudflare zone of the chat hostname."

  validation {
    condition     = can(regex("^[a-f0-9]{32}$", var.cloudflare_zone_id))
    error_message = "cloudflare_zone_id must be a 32-character Cloudflare zone ID."
  }
}

variable "origin_pull_certificate_id" {
  type        = string
  description = "ID of the per-hostname Authenticated Origin Pulls certificate already uploaded to the zone."
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
  description = "Who the CPU/memory alarms of this environment notify (SNS subscriptions of its <name>-alarms topic): e.g. [{ protocol = \"email\", endpoint = \"oncall@example.com\" }]. Passed by CI (no personal addresses in the repository); e-mail subscriptions wait for confirmation."

  validation {
    condition     = length(var.alarm_subscribers) > 0 && alltrue([for s in var.alarm_subscribers : contains(["email", "email-json", "http", "https", "sms", "sqs", "lambda", "firehose", "application"], s.protocol) && length(trimspace(s.endpoint)) > 0])
    error_message = "alarm_subscribers needs at least one subscriber, each with a protocol SNS accepts and an endpoint."
  }
}

variable "edge_import_ids" {
  type = object({
    waf_web_acl                   = string
    waf_web_acl_association       = string
    chat_trust_store              = string
    chat_listener                 = string
    cloudflare_origin_pulls       = string
    cloudflare_ssl_ruleset        = string
    cloudflare_rate_limit_ruleset = string
  })
  description = <<-EOT
    Import IDs of the production edge resources that were created through the AWS and Cloudflare APIs and are adopted by
    the import blocks in main.tf (formats as the provider documents for `terraform import`):
    waf_web_acl = "<id>/phenom-prod-chat-protect/REGIONAL"; waf_web_acl_association = "<web ACL ARN>,<ALB ARN>";
    chat_trust_store and chat_listener = their ARNs;
    cloudflare_origin_pulls = "<zone id>/<hostname>"; the two rulesets = "zones/<zone id>/<ruleset id>".
  EOT

  validation {
    condition     = alltrue([for v in values(var.edge_import_ids) : length(v) > 0])
    error_message = "Every edge_import_ids entry must be set."
  }
}
