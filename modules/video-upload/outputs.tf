output "api_endpoint" {
  description = "Invoke URL of the API stage."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "generate_url_endpoint" {
  description = "Full URL of POST /upload/generate-url."
  value       = local.generate_url_endpoint
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "stage_arn" {
  description = "ARN of the API stage (what a WAF web ACL is associated with)."
  value       = aws_api_gateway_stage.this.arn
}

output "stage_name" {
  description = "Name of the API stage."
  value       = aws_api_gateway_stage.this.stage_name
}

output "usage_plan_id" {
  description = "ID of the usage plan."
  value       = aws_api_gateway_usage_plan.this.id
}

output "api_key_id" {
  description = "ID of the upload page's API key; null when api_key_required is false."
  value       = try(aws_api_gateway_api_key.upload[0].id, null)
}

output "staging_bucket" {
  description = "Name of the staging bucket (uploads land here)."
  value       = aws_s3_bucket.this["staging"].id
}

output "final_bucket" {
  description = "Name of the final bucket (validated images/ and videos/)."
  value       = aws_s3_bucket.this["final"].id
}

output "hosting_bucket" {
  description = "Name of the bucket holding the upload page."
  value       = aws_s3_bucket.this["hosting"].id
}

output "website_url" {
  description = "HTTPS URL of the upload page (CloudFront)."
  value       = local.website_origin
}

output "cloudfront_distribution_id" {
  description = "ID of the CloudFront distribution serving the upload page."
  value       = aws_cloudfront_distribution.site.id
}

output "presigned_url_lambda_arn" {
  description = "ARN of the presigned-url-generator function."
  value       = module.function["presigned-url-generator"].arn
}

output "file_validator_lambda_arn" {
  description = "ARN of the file-validator function."
  value       = module.function["file-validator"].arn
}

output "lambda_function_names" {
  description = "Names of the module's Lambda functions."
  value       = [for f in module.function : f.function_name]
}

output "dead_letter_queue_url" {
  description = "URL of the file validator's dead-letter queue."
  value       = aws_sqs_queue.file_validator_dlq.url
}
