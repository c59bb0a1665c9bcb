output "ssl_ruleset_id" {
  description = "ID of the configuration ruleset setting the chat hostname's SSL mode."
  value       = cloudflare_ruleset.ssl.id
}

output "rate_limit_ruleset_id" {
  description = "ID of the rate-limit ruleset."
  value       = cloudflare_ruleset.rate_limit.id
}

output "origin_pull_hostname" {
  description = "Hostname with Authenticated Origin Pulls enabled."
  value       = var.chat_hostname
}
