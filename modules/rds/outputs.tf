output "identifier" {
  description = "Identifier of the DB instance."
  value       = aws_db_instance.this.identifier
}

output "arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "endpoint" {
  description = "Connection endpoint (host:port)."
  value       = aws_db_instance.this.endpoint
}

output "address" {
  description = "Host name of the database."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the database."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the application database."
  value       = coalesce(aws_db_instance.this.db_name, var.database_name)
}

output "username" {
  description = "Master user name."
  value       = aws_db_instance.this.username
}

output "credentials_secret_arn" {
  description = "Secrets Manager secret (managed by RDS) holding the master user name and password."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "engine_version_actual" {
  description = "PostgreSQL version the instance runs (engine_version is the major version; RDS moves the minor)."
  value       = aws_db_instance.this.engine_version_actual
}
