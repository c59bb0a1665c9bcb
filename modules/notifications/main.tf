# One topic per environment for alarms: CloudWatch publishes alarm and OK notifications here,
# the subscribers (e-mail, HTTPS endpoints, chat integrations) come from the root's variables.
# Encrypted with the environment's key, whose policy lets CloudWatch use it (modules/kms).
resource "aws_sns_topic" "this" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn

  tags = merge({ Name = "${var.name}-alarms" }, var.tags)
}

resource "aws_sns_topic_subscription" "this" {
  for_each = { for s in var.subscribers : "${s.protocol}:${s.endpoint}" => s }

  topic_arn = aws_sns_topic.this.arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
}
