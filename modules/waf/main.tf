locals {
  metric_prefix = replace(var.name, "-", "")
}

resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = "Protects the ${var.name} load balancer"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  # Managed rule groups take override_action: count {} only counts, none {} uses the group's actions.
  dynamic "rule" {
    for_each = var.managed_rule_groups

    content {
      name     = rule.value.name
      priority = rule.value.priority

      override_action {
        dynamic "count" {
          for_each = var.mode == "count" ? [1] : []
          content {}
        }

        dynamic "none" {
          for_each = var.mode == "count" ? [] : [1]
          content {}
        }
      }

      statement {
        managed_rule_group_statement {
          name        = rule.value.name
          vendor_name = "AWS"
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.metric_prefix}-${rule.value.name}"
        sampled_requests_enabled   = true
      }
    }
  }

  # A custom rule takes action: count {} only counts, block {} blocks.
  rule {
    name     = "rate-limit-per-ip"
    priority = var.rate_limit_priority

    action {
      dynamic "count" {
        for_each = var.mode == "count" ? [1] : []
        content {}
      }

      dynamic "block" {
        for_each = var.mode == "count" ? [] : [1]
        content {}
      }
    }

    statement {
      rate_based_statement {
        limit                 = var.rate_limit
        aggregate_key_type    = "IP"
        evaluation_window_sec = var.rate_limit_window_seconds
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.metric_prefix}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.metric_prefix
    sampled_requests_enabled   = true
  }

  tags = merge({ Name = var.name }, var.tags)
}

resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = var.resource_arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}

# The grant that lets the deployment role attach the ACL to the load balancer.
data "aws_iam_policy_document" "association" {
  statement {
    sid       = "AssociateWebAcl"
    actions   = ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "wafv2:GetWebACLForResource"]
    resources = [aws_wafv2_web_acl.this.arn, var.resource_arn]
  }

  statement {
    sid       = "LoadBalancerSide"
    actions   = ["elasticloadbalancing:SetWebACL"]
    resources = [var.resource_arn]
  }
}

resource "aws_iam_role_policy" "association" {
  count = var.association_role_name == null ? 0 : 1

  name   = "${var.name}-association"
  role   = var.association_role_name
  policy = data.aws_iam_policy_document.association.json
}
