output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_names" {
  description = "ECS service name of each service, by service key."
  value       = { for k, s in aws_ecs_service.this : k => s.name }
}

output "task_definition_arns" {
  description = "Task definition ARN of each service, by service key."
  value       = { for k, t in aws_ecs_task_definition.this : k => t.arn }
}

output "task_role_arns" {
  description = "Task role ARN of each service, by service key."
  value       = { for k, r in aws_iam_role.task : k => r.arn }
}

output "execution_role_arn" {
  description = "ARN of the task execution role."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the containers."
  value       = aws_cloudwatch_log_group.this.name
}

output "alarm_names" {
  description = "Names of the CPU and memory alarms."
  value       = [for a in aws_cloudwatch_metric_alarm.this : a.alarm_name]
}

output "writable_root_filesystem_service_names" {
  description = "ECS service names whose containers keep a writable root filesystem (readonly_root_filesystem = false)."
  value       = [for k, s in var.services : aws_ecs_service.this[k].name if !s.readonly_root_filesystem]
}
