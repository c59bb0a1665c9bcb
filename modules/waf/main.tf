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

# The association is made by the role Terraform runs as. Its grant is part of that role's own
# policy, kept where the role is defined (the account's bootstrap), never written by Terraform:
# a role that may put policies on itself can grant itself anything. association_policy_json is
# the grant; before associating, Terraform asks IAM whether the role has it.
resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = var.resource_arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn

  depends_on = [data.aws_iam_principal_policy_simulation.association]
}

locals {
  # The protected resource's side of an association, by its service.
  set_web_acl_action = {
    elasticloadbalancing = "elasticloadbalancing:SetWebACL"
    apigateway           = "apigateway:SetWebACL"
    cognito-idp          = "cognito-idp:AssociateWebACL"
    appsync              = "appsync:SetWebACL"
  }[split(":", var.resource_arn)[2]]

  association_grants = {
    waf      = { actions = ["wafv2:AssociateWebACL", "wafv2:GetWebACLForResource"], resources = [aws_wafv2_web_acl.this.arn, var.resource_arn] }
    resource = { actions = [local.set_web_acl_action], resources = [var.resource_arn] }
  }
}

# What the role that applies needs to associate (and later detach) this ACL.
data "aws_iam_policy_document" "association" {
  statement {
    sid       = "AssociateWebAcl"
    actions   = ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "wafv2:GetWebACLForResource"]
    resources = [aws_wafv2_web_acl.this.arn, var.resource_arn]
  }

  statement {
    sid       = "ProtectedResourceSide"
    actions   = [local.set_web_acl_action]
    resources = [var.resource_arn]
  }
}

# IAM's answer for the role that applies (read-only: iam:SimulatePrincipalPolicy); the plan or
# apply stops here, with the missing actions named, instead of failing on the association.
data "aws_iam_principal_policy_simulation" "association" {
  for_each = var.association_principal_arn == null ? {} : local.association_grants

  policy_source_arn = var.association_principal_arn
  action_names      = each.value.actions
  resource_arns     = each.value.resources

  lifecycle {
    postcondition {
      condition     = self.all_allowed
      error_message = "${var.association_principal_arn} lacks the web ACL association grant (output association_policy_json of the waf module; add it to the role's own policy where the role is defined): ${join(", ", [for r in self.results : "${r.action_name} on ${r.resource_arn} is ${r.decision}" if !r.allowed])}."
    }
  }
}
