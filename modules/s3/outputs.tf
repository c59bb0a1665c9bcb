output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the bucket."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "access_policy_json" {
  description = "IAM policy (JSON) granting read/write access to the bucket's objects; attach it to the storage service's task role."
  value       = data.aws_iam_policy_document.access.json
}
