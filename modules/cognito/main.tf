data "aws_caller_identity" "current" {}

locals {
  functions = {
    hasura-cognito-trigger = {
      description = "Pre token generation: adds Hasura claims under https://hasura.io/jwt/claims"
      policy_json = data.aws_iam_policy_document.trigger.json
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
    post_authentication = aws_lambda_function.this["hasura-cognito-sync-users"].arn

    # V2_0 also customises the access token (Hasura reads its claims); needs ESSENTIALS or PLUS.
    pre_token_generation_config {
      lambda_arn     = aws_lambda_function.this["hasura-cognito-trigger"].arn
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
# Trigger functions: one role each, least privilege; bundles built by `npm run build`.
# ---------------------------------------------------------------------------------------

data "archive_file" "function" {
  for_each = local.functions

  type        = "zip"
  source_dir  = "${path.module}/functions/${each.key}/dist"
  output_path = "${path.root}/.terraform/lambda/${var.name}-${each.key}.zip"
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "trigger" {
  statement {
    sid       = "DecryptEnvironment"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.name}-hasura-cognito-trigger:*"]
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "sync_users" {
  statement {
    sid       = "ReadHasuraSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.hasura_secret_arn]
  }

  statement {
    sid       = "DecryptSecretAndEnvironment"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.name}-hasura-cognito-sync-users:*"]
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "function" {
  for_each = local.functions

  name               = "${var.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json

  tags = merge({ Name = "${var.name}-${each.key}" }, var.tags)
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions

  name   = each.key
  role   = aws_iam_role.function[each.key].id
  policy = each.value.policy_json
}

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = merge({ Name = "/aws/lambda/${var.name}-${each.key}" }, var.tags)
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name                  = "${var.name}-${each.key}"
  description                    = each.value.description
  role                           = aws_iam_role.function[each.key].arn
  runtime                        = var.lambda_runtime
  handler                        = "index.handler"
  filename                       = data.archive_file.function[each.key].output_path
  source_code_hash               = data.archive_file.function[each.key].output_base64sha256
  timeout                        = 5
  memory_size                    = var.lambda_memory_size
  reserved_concurrent_executions = var.lambda_reserved_concurrency
  kms_key_arn                    = var.kms_key_arn

  environment {
    variables = each.value.environment
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  tags = merge({ Name = "${var.name}-${each.key}" }, var.tags)

  depends_on = [aws_iam_role_policy.function]
}

resource "aws_lambda_permission" "cognito" {
  for_each = local.functions

  statement_id   = "AllowCognitoInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.this[each.key].function_name
  principal      = "cognito-idp.amazonaws.com"
  source_arn     = aws_cognito_user_pool.this.arn
  source_account = data.aws_caller_identity.current.account_id
}
