output "user_pool_id" {
  description = "ID of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "ARN of the user pool."
  value       = aws_cognito_user_pool.this.arn
}

output "user_pool_endpoint" {
  description = "Endpoint of the user pool (issuer host of its tokens)."
  value       = aws_cognito_user_pool.this.endpoint
}

output "app_client_id" {
  description = "ID of the app client."
  value       = aws_cognito_user_pool_client.this.id
}

output "trigger_lambda_arn" {
  description = "ARN of the pre token generation function."
  value       = module.function["hasura-cognito-trigger"].arn
}

output "sync_users_lambda_arn" {
  description = "ARN of the post authentication function."
  value       = module.function["hasura-cognito-sync-users"].arn
}

output "lambda_function_names" {
  description = "Names of the module's Lambda functions."
  value       = [for f in module.function : f.function_name]
}
