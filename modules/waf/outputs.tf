output "web_acl_arn" {
  description = "ARN of the web ACL."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_id" {
  description = "ID of the web ACL."
  value       = aws_wafv2_web_acl.this.id
}

output "web_acl_name" {
  description = "Name of the web ACL."
  value       = aws_wafv2_web_acl.this.name
}

output "association_policy_json" {
  description = "IAM policy (JSON) the role that applies needs to associate this ACL with resource_arn; it belongs in that role's own policy, where the role is defined."
  value       = data.aws_iam_policy_document.association.json
}
