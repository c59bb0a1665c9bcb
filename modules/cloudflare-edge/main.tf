# Production's Cloudflare edge for the chat hostname. These rules already exist (applied
# through the API); production adopts them with import blocks. Cloudflare v5 resources.

# Per-hostname Authenticated Origin Pulls: Cloudflare presents our client certificate to the
# ALB, whose chat listener verifies it (mutual TLS).
resource "cloudflare_authenticated_origin_pulls" "chat" {
  zone_id = var.zone_id

  config = [{
    hostname = var.chat_hostname
    cert_id  = var.origin_pull_certificate_id
    enabled  = true
  }]
}

# Configuration rule: SSL mode for the chat hostname only (the zone default stays as it is).
# Terraform owns the whole ruleset of this phase in the zone.
resource "cloudflare_ruleset" "ssl" {
  zone_id     = var.zone_id
  name        = "chat SSL configuration"
  description = "SSL mode for ${var.chat_hostname}"
  kind        = "zone"
  phase       = "http_config_settings"

  rules = [{
    ref         = "chat_ssl_mode"
    description = "SSL ${var.ssl_mode} for ${var.chat_hostname}"
    expression  = "(http.host eq \"${var.chat_hostname}\")"
    action      = "set_config"
    enabled     = true
    action_parameters = {
      ssl = var.ssl_mode
    }
  }]
}

# Rate limiting of the chat hostname (one ruleset per zone and phase).
resource "cloudflare_ruleset" "rate_limit" {
  zone_id     = var.zone_id
  name        = "chat rate limit"
  description = "Rate limit for ${var.chat_hostname}"
  kind        = "zone"
  phase       = "http_ratelimit"

  rules = [{
    ref         = "chat_rate_limit"
    description = "Block clients above ${var.rate_limit_requests} requests per ${var.rate_limit_period_seconds} s on ${var.chat_hostname}"
    expression  = "(http.host eq \"${var.chat_hostname}\")"
    action      = "block"
    enabled     = true
    ratelimit = {
      characteristics     = ["cf.colo.id", "ip.src"]
      period              = var.rate_limit_period_seconds
      requests_per_period = var.rate_limit_requests
      mitigation_timeout  = var.rate_limit_mitigation_seconds
    }
  }]
}
