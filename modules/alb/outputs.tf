output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (CloudWatch metric dimension)."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 hosted zone of the load balancer (for alias records)."
  value       = aws_lb.this.zone_id
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener."
  value       = aws_lb_listener.https.arn
}

output "chat_listener_arn" {
  description = "ARN of the mutual-TLS chat listener; null without chat_listener."
  value       = try(aws_lb_listener.chat[0].arn, null)
}

output "trust_store_arn" {
  description = "ARN of the chat listener's trust store; null without chat_listener."
  value       = try(aws_lb_trust_store.chat[0].arn, null)
}

output "target_group_arns" {
  description = "ARN of each target group, by service name."
  value       = { for k, tg in aws_lb_target_group.this : k => tg.arn }
}

output "target_group_arn_suffixes" {
  description = "ARN suffix of each target group, by service name (CloudWatch metric dimension)."
  value       = { for k, tg in aws_lb_target_group.this : k => tg.arn_suffix }
}

output "access_logs_bucket" {
  description = "Bucket holding the load balancer's access logs (under <name>/AWSLogs/<account>/)."
  value       = module.access_logs.bucket_name
}
