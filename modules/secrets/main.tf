# Secret containers only. Their values are set out of band so that no secret ever appears in
# this repository, in a plan or in the Terraform state.
resource "aws_secretsmanager_secret" "this" {
  for_each = var.secrets

  name                    = "${var.name_prefix}/${each.key}"
  description             = each.value
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge({ Name = "${var.name_prefix}/${each.key}" }, var.tags)
}
