# Production root: calls the shared modules with production's values (locals.tf).

module "kms" {
  source = "../../modules/kms"

  name = local.name
  tags = local.default_tags
}

module "secrets" {
  source = "../../modules/secrets"

  name_prefix = local.name
  kms_key_arn = module.kms.key_arn
  tags        = local.default_tags
}

module "networking" {
  source = "../../modules/networking"

  name               = local.name
  availability_zones = local.availability_zones
  nat_gateway_mode   = local.nat_gateway_mode
  service_ports      = distinct([for s in values(local.services) : s.port])
  alb_listener_ports = local.alb_listener_ports
  kms_key_arn        = module.kms.key_arn
  tags               = local.default_tags
}

module "alb" {
  source = "../../modules/alb"

  name               = local.name
  vpc_id             = module.networking.vpc_id
  subnet_ids         = module.networking.public_subnet_ids
  security_group_ids = [module.networking.alb_security_group_id]
  certificate_arn    = var.alb_certificate_arn

  target_groups = {
    for name, s in local.services : name => {
      port              = s.port
      path_patterns     = s.path_patterns
      priority          = s.priority
      listener          = s.listener
      health_check_path = s.health_check_path
    }
  }

  chat_listener = {
    port                = local.chat_listener_port
    target_group        = "synapse"
    trust_store_name    = "${local.name}-chat-origin-pulls"
    ca_bundle_s3_bucket = var.chat_trust_store_ca_bundle.s3_bucket
    ca_bundle_s3_key    = var.chat_trust_store_ca_bundle.s3_key
  }

  tags = local.default_tags
}

module "ecs" {
  source = "../../modules/ecs"

  name               = local.name
  subnet_ids         = module.networking.private_subnet_ids
  security_group_ids = [module.networking.ecs_security_group_id]
  kms_key_arn        = module.kms.key_arn
  secret_arns        = [module.secrets.secret_arns["app-config"]]

  services = {
    for name, s in local.services : name => {
      image              = s.image
      port               = s.port
      target_group_arn   = module.alb.target_group_arns[name]
      environment        = s.environment
      secrets            = { for env_name, key in s.secrets : env_name => "${module.secrets.secret_arns["app-config"]}:${key}::" }
      task_role_policies = s.s3_access ? { application = module.s3.access_policy_json } : {}

      readonly_root_filesystem = s.readonly_root_filesystem
      writable_paths           = s.writable_paths
    }
  }

  alarm_actions = [module.notifications.topic_arn]

  tags = local.default_tags
}

module "notifications" {
  source = "../../modules/notifications"

  name        = local.name
  kms_key_arn = module.kms.key_arn
  subscribers = var.alarm_subscribers
  tags        = local.default_tags
}

# The task role policies are keyed by service and policy name (known at plan time).
moved {
  from = module.ecs.aws_iam_role_policy.task["storage"]
  to   = module.ecs.aws_iam_role_policy.task["storage/application"]
}

module "rds" {
  source = "../../modules/rds"

  identifier          = local.db_identifier
  database_username   = local.db_username
  snapshot_identifier = local.db_snapshot_identifier
  multi_az            = local.db_multi_az
  deletion_protection = local.db_deletion_protection
  subnet_ids          = module.networking.database_subnet_ids
  security_group_ids  = [module.networking.rds_security_group_id]
  kms_key_arn         = module.kms.key_arn
  tags                = local.default_tags
}

module "s3" {
  source = "../../modules/s3"

  bucket_name          = local.media_bucket_name
  cors_allowed_origins = local.app_origins
  tags                 = local.default_tags
}

module "video_upload" {
  source = "../../modules/video-upload"

  name                        = local.name
  kms_key_arn                 = module.kms.key_arn
  upload_passwords_secret_arn = module.secrets.secret_arns["upload-passwords"]
  allowed_origins             = local.app_origins
  tags                        = local.default_tags
}

# The upload page publishes its API key, so per-client limits come from a per-IP rate rule.
module "upload_api_waf" {
  source = "../../modules/waf"

  name                      = "${local.name}-upload-api"
  resource_arn              = module.video_upload.stage_arn
  mode                      = "block"
  managed_rule_groups       = []
  rate_limit                = local.upload_api_rate_limit
  rate_limit_window_seconds = 300
  association_principal_arn = var.deploy_role_arn
  tags                      = local.default_tags
}

module "cognito" {
  source = "../../modules/cognito"

  name              = local.name
  kms_key_arn       = module.kms.key_arn
  hasura_secret_arn = module.secrets.secret_arns["hasura-sync"]
  mfa_configuration = local.cognito_mfa
  callback_urls     = [for o in local.app_origins : "${o}/callback"]
  logout_urls       = local.app_origins
  tags              = local.default_tags
}

module "waf" {
  source = "../../modules/waf"

  name                      = local.waf_web_acl_name
  resource_arn              = module.alb.arn
  mode                      = local.waf_mode
  association_principal_arn = var.deploy_role_arn
  tags                      = local.default_tags
}

module "cloudflare_edge" {
  source = "../../modules/cloudflare-edge"

  zone_id                    = var.cloudflare_zone_id
  chat_hostname              = var.chat_hostname
  origin_pull_certificate_id = var.origin_pull_certificate_id
}

# ---------------------------------------------------------------------------------------
# Adoption of resources that already exist (applying these changes nothing in the cloud).
# ---------------------------------------------------------------------------------------

import {
  to = module.cognito.aws_cognito_user_pool.this
  id = var.cognito_user_pool_id
}

# IaC debt of SPEC §3: created through the AWS and Cloudflare APIs, codified here.
import {
  to = module.waf.aws_wafv2_web_acl.this
  id = var.edge_import_ids.waf_web_acl
}

import {
  to = module.waf.aws_wafv2_web_acl_association.this
  id = var.edge_import_ids.waf_web_acl_association
}

# The WAF association grant was an inline policy Terraform wrote onto the deploy role itself
# (a role that may put policies on itself can grant itself anything). It now belongs to the
# deploy role's own definition: Terraform forgets the policy without deleting it, and the waf
# module checks that the role holds the grant before associating.
removed {
  from = module.waf.aws_iam_role_policy.association

  lifecycle {
    destroy = false
  }
}

import {
  to = module.alb.aws_lb_trust_store.chat[0]
  id = var.edge_import_ids.chat_trust_store
}

import {
  to = module.alb.aws_lb_listener.chat[0]
  id = var.edge_import_ids.chat_listener
}

import {
  to = module.cloudflare_edge.cloudflare_authenticated_origin_pulls.chat
  id = var.edge_import_ids.cloudflare_origin_pulls
}

import {
  to = module.cloudflare_edge.cloudflare_ruleset.ssl
  id = var.edge_import_ids.cloudflare_ssl_ruleset
}

import {
  to = module.cloudflare_edge.cloudflare_ruleset.rate_limit
  id = var.edge_import_ids.cloudflare_rate_limit_ruleset
}
