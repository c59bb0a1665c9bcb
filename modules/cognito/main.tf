data "aws_caller_identity" "current" {}

locals {
  functions = {
    hasura-cognito-trigger = {
      description = "Pre token generation: adds Hasura claims under https://hasura.io/jwt/claims"
      policy_json = null
      environment = {
        HASURA_DEFAULT_ROLE  = var.hasura_default_role
        HASURA_ALLOWED_ROLES = join(",", var.hasura_allowed_roles)
      }
    }
    hasura-cognito-sync-users = {
      description = "Post authentication: upserts the user into Hasura's users table"
      policy_json = data.aws_iam_policy_document.sync_users.json
      environment = {
        HASURA_SECRET_ARN        = var.hasura_secret_arn
        SECRET_CACHE_TTL_SECONDS = tostring(var.secret_cache_ttl_seconds)
        SYNC_TIMEOUT_MS          = tostring(var.sync_timeout_ms)
      }
    }
  }
}

# The pools of both environments already exist; each root adopts its pool with an import
# block, so arguments here that force replacement (username attributes, schema) must match them.
resource "aws_cognito_user_pool" "this" {
  name                = var.name
  user_pool_tier      = var.user_pool_tier
  deletion_protection = var.deletion_protection ? "ACTIVE" : "INACTIVE"

  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  username_configuration {
    case_sensitive = false
  }

  # Self-registration is disabled: only administrators create users.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  password_policy {
    minimum_length                   = var.password_minimum_length
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = var.temporary_password_validity_days
  }

  mfa_configuration = var.mfa_configuration

  dynamic "software_token_mfa_configuration" {
    for_each = var.mfa_configuration == "OFF" ? [] : [1]

    content {
      enabled = true
    }
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  lambda_config {
    post_authentication = module.function["hasura-cognito-sync-users"].arn

    # V2_0 also customises the access token (Hasura reads its claims); needs ESSENTIALS or PLUS.
    pre_token_generation_config {
      lambda_arn     = module.function["hasura-cognito-trigger"].arn
      lambda_version = "V2_0"
    }
  }

  tags = merge({ Name = var.name }, var.tags)
}

resource "aws_cognito_user_pool_client" "this" {
  name         = "${var.name}-app"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = var.oauth_flows
  allowed_oauth_scopes                 = var.oauth_scopes
  callback_urls                        = var.callback_urls
  logout_urls                          = var.logout_urls
  supported_identity_providers         = ["COGNITO"]

  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  access_token_validity  = var.access_token_validity_minutes
  id_token_validity      = var.access_token_validity_minutes
  refresh_token_validity = var.refresh_token_validity_days

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

# ---------------------------------------------------------------------------------------
# Trigger functions (modules/lambda-function: one role each, least privilege); bundles built
# by `npm run build`.
# ---------------------------------------------------------------------------------------

module "function" {
  source   = "../lambda-function"
  for_each = local.functions

  name                  = "${var.name}-${each.key}"
  description           = each.value.description
  source_dir            = "${path.module}/functions/${each.key}/dist"
  runtime               = var.lambda_runtime
  timeout               = 5
  memory_size           = var.lambda_memory_size
  reserved_concurrency  = var.lambda_reserved_concurrency
  environment_variables = each.value.environment
  policy_json           = each.value.policy_json
  kms_key_arn           = var.kms_key_arn
  log_retention_days    = var.log_retention_days
  tags                  = var.tags
}

# The module adds log writing, kms:Decrypt of the environment and X-Ray to every function;
# the pre token generation trigger needs nothing beyond that.
data "aws_iam_policy_document" "sync_users" {
  statement {
    sid       = "ReadHasuraSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.hasura_secret_arn]
  }

  statement {
    sid       = "DecryptHasuraSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_lambda_permission" "cognito" {
  for_each = local.functions

  statement_id   = "AllowCognitoInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = module.function[each.key].function_name
  principal      = "cognito-idp.amazonaws.com"
  source_arn     = aws_cognito_user_pool.this.arn
  source_account = data.aws_caller_identity.current.account_id
}
