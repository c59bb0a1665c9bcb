data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# The account Elastic Load Balancing delivers access logs from in this region (127311923021 in
# us-east-1, a region older than August 2022, where AWS documents the account, not a service principal).
data "aws_elb_service_account" "this" {}

locals {
  https_target_groups = { for k, tg in var.target_groups : k => tg if tg.listener == "https" }
  chat_enabled        = var.chat_listener != null
  verify              = local.chat_enabled && try(var.chat_listener.mutual_authentication_mode, "") == "verify"

  access_logs_bucket = "${var.name}-alb-access-logs"
  access_logs_prefix = var.name
  access_logs_arn    = "arn:${data.aws_partition.current.partition}:s3:::${local.access_logs_bucket}"
}

resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  internal           = false
  subnets            = var.subnet_ids
  security_groups    = var.security_group_ids

  idle_timeout               = var.idle_timeout
  enable_deletion_protection = var.deletion_protection
  drop_invalid_header_fields = true
  enable_http2               = true

  access_logs {
    bucket  = module.access_logs.bucket_name
    prefix  = local.access_logs_prefix
    enabled = true
  }

  tags = merge({ Name = var.name }, var.tags)

  # ELB writes a test object when access logs are enabled: the grant must exist first.
  depends_on = [module.access_logs]
}

# A replacement (port, protocol, target type, VPC) creates the new target group before the old
# one is gone (listener rules still point at it), so the name must be unique: name_prefix.
resource "aws_lb_target_group" "this" {
  for_each = var.target_groups

  name_prefix          = "${substr(each.key, 0, 5)}-"
  port                 = each.value.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay

  health_check {
    enabled             = true
    path                = each.value.health_check_path
    matcher             = each.value.health_check_matcher
    protocol            = "HTTP"
    port                = "traffic-port"
    interval            = var.health_check_interval
    timeout             = var.health_check_timeout
    healthy_threshold   = var.healthy_threshold
    unhealthy_threshold = var.unhealthy_threshold
  }

  tags = merge({ Name = "${var.name}-${each.key}" }, var.tags)

  lifecycle {
    create_before_destroy = true
    # Target groups created with a fixed name keep it: switching to name_prefix alone must not
    # replace them. Only a replacement that is needed anyway gives a group its prefixed name.
    ignore_changes = [name, name_prefix]
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = merge({ Name = "${var.name}-http" }, var.tags)
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      message_body = "{\"error\":\"not found\"}"
      status_code  = "404"
    }
  }

  tags = merge({ Name = "${var.name}-https" }, var.tags)
}

resource "aws_lb_listener_rule" "path" {
  for_each = local.https_target_groups

  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  condition {
    path_pattern {
      values = each.value.path_patterns
    }
  }

  tags = merge({ Name = "${var.name}-${each.key}" }, var.tags)
}

# ---------------------------------------------------------------------------------------
# Chat listener with mutual TLS: the ALB verifies the client certificate against the trust
# store's CA bundle during the handshake (mode verify), so only Cloudflare's origin pulls
# (which present our client certificate) reach Synapse.
# ---------------------------------------------------------------------------------------

resource "aws_lb_trust_store" "chat" {
  count = local.chat_enabled ? 1 : 0

  name                                     = var.chat_listener.trust_store_name
  ca_certificates_bundle_s3_bucket         = var.chat_listener.ca_bundle_s3_bucket
  ca_certificates_bundle_s3_key            = var.chat_listener.ca_bundle_s3_key
  ca_certificates_bundle_s3_object_version = var.chat_listener.ca_bundle_s3_object_version

  tags = merge({ Name = var.chat_listener.trust_store_name }, var.tags)
}

resource "aws_lb_listener" "chat" {
  count = local.chat_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = var.chat_listener.port
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = coalesce(var.chat_listener.certificate_arn, var.certificate_arn)

  # A block, not an attribute (the provider docs' example is wrong there).
  mutual_authentication {
    mode                             = var.chat_listener.mutual_authentication_mode
    trust_store_arn                  = local.verify ? aws_lb_trust_store.chat[0].arn : null
    ignore_client_certificate_expiry = local.verify ? var.chat_listener.ignore_client_certificate_expiry : null
    advertise_trust_store_ca_names   = local.verify ? var.chat_listener.advertise_trust_store_ca_names : null
  }

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[var.chat_listener.target_group].arn
  }

  tags = merge({ Name = "${var.name}-chat" }, var.tags)
}

# ---------------------------------------------------------------------------------------
# Access logs: a private bucket per load balancer (modules/s3: SSE-S3, the only encryption ELB
# log delivery supports; TLS only), written under <prefix>/AWSLogs/<account>/ by the grant below.
# ---------------------------------------------------------------------------------------

module "access_logs" {
  source = "../s3"

  bucket_name                            = local.access_logs_bucket
  expiration_days                        = var.access_logs_retention_days
  noncurrent_version_expiration_days     = 7 # a deleted or expired log stays a week
  abort_incomplete_multipart_upload_days = 1
  policy_json                            = data.aws_iam_policy_document.access_logs.json
  tags                                   = merge({ Purpose = "alb-access-logs" }, var.tags)
}

data "aws_iam_policy_document" "access_logs" {
  statement {
    sid       = "ElbWritesAccessLogs"
    actions   = ["s3:PutObject"]
    resources = ["${local.access_logs_arn}/${local.access_logs_prefix}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]

    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.this.arn]
    }
  }
}
