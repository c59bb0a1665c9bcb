output "topic_arn" {
  description = "ARN of the alarm topic (alarm_actions / ok_actions of CloudWatch alarms)."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the alarm topic."
  value       = aws_sns_topic.this.name
}
