# Outputs of SPEC §4 plus the ones the verification suite (npm run verify) reads.

output "environment" {
  description = "Environment of this root."
  value       = local.environment
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = module.alb.dns_name
}

output "alb_arn" {
  description = "ARN of the ALB."
  value       = module.alb.arn
}

output "service_endpoints" {
  description = "Public URL of each ECS service, by service name."
  value = {
    for name, s in local.services : name => (
      "https://${module.alb.dns_name}${s.path_patterns[0]}"
    )
  }
}

output "target_group_arns" {
  description = "ARN of each target group, by service name."
  value       = module.alb.target_group_arns
}

output "chat_listener_arn" {
  description = "ARN of the mutual-TLS chat listener: none in staging."
  value       = null
}

output "waf_web_acl_arn" {
  description = "ARN of the WAF web ACL in front of the ALB: none in staging."
  value       = null
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = module.ecs.cluster_name
}

output "ecs_service_names" {
  description = "Names of the ECS services."
  value       = values(module.ecs.service_names)
}

output "database_endpoint" {
  description = "Endpoint (host:port) of the PostgreSQL instance."
  value       = module.rds.endpoint
}

output "database_identifier" {
  description = "Identifier of the PostgreSQL instance."
  value       = module.rds.identifier
}

output "s3_bucket_name" {
  description = "General storage (media) bucket."
  value       = module.s3.bucket_name
}

output "video_upload_api_endpoint" {
  description = "Invoke URL of the video upload API stage."
  value       = module.video_upload.api_endpoint
}

output "video_upload_generate_url_endpoint" {
  description = "URL of POST /upload/generate-url."
  value       = module.video_upload.generate_url_endpoint
}

output "usage_plan_id" {
  description = "ID of the video upload API's usage plan."
  value       = module.video_upload.usage_plan_id
}

output "video_staging_bucket" {
  description = "Bucket uploads land in before validation."
  value       = module.video_upload.staging_bucket
}

output "video_final_bucket" {
  description = "Bucket of validated images and videos."
  value       = module.video_upload.final_bucket
}

output "video_client_hosting_bucket" {
  description = "Bucket holding the upload page."
  value       = module.video_upload.hosting_bucket
}

output "video_client_website_url" {
  description = "HTTPS URL of the upload page."
  value       = module.video_upload.website_url
}

output "presigned_url_lambda_arn" {
  description = "ARN of the presigned-url-generator function."
  value       = module.video_upload.presigned_url_lambda_arn
}

output "file_validator_lambda_arn" {
  description = "ARN of the file-validator function."
  value       = module.video_upload.file_validator_lambda_arn
}

output "lambda_function_names" {
  description = "Every Lambda function of this root."
  value       = concat(module.video_upload.lambda_function_names, module.cognito.lambda_function_names)
}

output "cognito_user_pool_id" {
  description = "ID of the Cognito user pool."
  value       = module.cognito.user_pool_id
}

output "cognito_user_pool_arn" {
  description = "ARN of the Cognito user pool."
  value       = module.cognito.user_pool_arn
}

output "cognito_app_client_id" {
  description = "ID of the Cognito app client."
  value       = module.cognito.app_client_id
}

output "alb_access_logs_bucket" {
  description = "Bucket of the ALB's access logs."
  value       = module.alb.access_logs_bucket
}

output "ecs_writable_root_filesystem_services" {
  description = "ECS services whose image needs a writable root filesystem (every other service runs read-only)."
  value       = module.ecs.writable_root_filesystem_service_names
}

output "alarm_topic_arn" {
  description = "SNS topic the CPU/memory alarms notify."
  value       = module.notifications.topic_arn
}

output "video_upload_stage_arn" {
  description = "ARN of the upload API stage (protected by the per-IP rate rule of upload_api_waf)."
  value       = module.video_upload.stage_arn
}

output "upload_api_waf_web_acl_arn" {
  description = "ARN of the web ACL rate-limiting the upload API per IP."
  value       = module.upload_api_waf.web_acl_arn
}

output "deploy_role_waf_grants" {
  description = "IAM policies (JSON) the deploy role must hold, in its own definition, for the WAF associations of this root."
  value = {
    upload_api = module.upload_api_waf.association_policy_json
  }
}
