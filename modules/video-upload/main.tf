data "aws_caller_identity" "current" {}

locals {
  buckets = {
    staging = "${var.name}-video-staging"
    final   = "${var.name}-video-final"
    hosting = "${var.name}-video-client"
  }

  website_origin  = "https://${aws_cloudfront_distribution.site.domain_name}"
  allowed_origins = distinct(concat([local.website_origin], var.allowed_origins))

  functions = {
    presigned-url-generator = {
      description          = "Checks the upload password and returns a pre-signed PUT URL for the staging bucket"
      timeout              = var.presigned_url_timeout
      memory_size          = var.presigned_url_memory_size
      reserved_concurrency = var.presigned_url_reserved_concurrency
      ephemeral_storage    = 512
      layers               = []
      dead_letter_target   = null
      policy_json          = data.aws_iam_policy_document.presigned_url_generator.json
      environment = {
        STAGING_BUCKET              = aws_s3_bucket.this["staging"].id
        UPLOAD_PASSWORDS_SECRET_ARN = var.upload_passwords_secret_arn
        MAX_UPLOAD_BYTES            = tostring(var.max_upload_bytes)
        MULTIPART_THRESHOLD_BYTES   = tostring(var.multipart_threshold_bytes)
        URL_EXPIRY_SECONDS          = tostring(var.url_expiry_seconds)
        ALLOWED_ORIGINS             = join(",", local.allowed_origins)
        SECRET_CACHE_TTL_SECONDS    = tostring(var.secret_cache_ttl_seconds)
      }
    }
    file-validator = {
      description          = "Validates uploads (magic bytes, optional ClamAV) and moves them to the final bucket"
      timeout              = var.file_validator_timeout
      memory_size          = var.file_validator_memory_size
      reserved_concurrency = var.file_validator_reserved_concurrency
      ephemeral_storage    = var.file_validator_ephemeral_storage_mb
      layers               = var.clamav_layer_arns
      dead_letter_target   = aws_sqs_queue.file_validator_dlq.arn
      policy_json          = data.aws_iam_policy_document.file_validator.json
      environment = {
        FINAL_BUCKET   = aws_s3_bucket.this["final"].id
        CLAMAV_ENABLED = tostring(var.clamav_enabled)
        CLAMAV_DB_PATH = var.clamav_db_path
        CLAMSCAN_PATH  = var.clamscan_path
      }
    }
  }

  site_files = {
    "index.html"     = { source = "${path.module}/web/index.html", content_type = "text/html; charset=utf-8" }
    "styles.css"     = { source = "${path.module}/web/styles.css", content_type = "text/css; charset=utf-8" }
    "dist/upload.js" = { source = "${path.module}/web/dist/upload.js", content_type = "text/javascript; charset=utf-8" }
  }

  generate_url_endpoint = "${aws_api_gateway_stage.this.invoke_url}/upload/generate-url"

  # The upload API: POST /upload/generate-url, /complete, /abort, /parts and GET /upload/status,
  # all answered by the presigned-url-generator.
  api_routes = {
    "generate-url" = { method = "POST", statement_id = "AllowApiGatewayInvoke" }
    complete       = { method = "POST", statement_id = "AllowApiGatewayInvokeComplete" }
    abort          = { method = "POST", statement_id = "AllowApiGatewayInvokeAbort" }
    parts          = { method = "POST", statement_id = "AllowApiGatewayInvokeParts" }
    status         = { method = "GET", statement_id = "AllowApiGatewayInvokeStatus" }
  }

  upload_key_schema = { type = "string", pattern = "^uploads/[0-9a-f-]{36}/[A-Za-z0-9._-]{1,200}$" }
  password_schema   = { type = "string", minLength = 1, maxLength = 256 }
  api_request_models = {
    "generate-url" = {
      name = "GenerateUrlRequest"
      schema = {
        required = ["password", "fileName", "contentType", "size"]
        properties = {
          password    = local.password_schema
          fileName    = { type = "string", minLength = 1, maxLength = 255 }
          contentType = { type = "string", minLength = 1, maxLength = 255 }
          size        = { type = "integer", minimum = 1 }
        }
      }
    }
    complete = {
      name = "CompleteUploadRequest"
      schema = {
        required = ["password", "key", "uploadId", "size", "parts"]
        properties = {
          password = local.password_schema
          key      = local.upload_key_schema
          uploadId = { type = "string", minLength = 1, maxLength = 1024 }
          size     = { type = "integer", minimum = 1 }
          parts = {
            type     = "array"
            minItems = 1
            maxItems = 10000
            items = {
              type                 = "object"
              required             = ["partNumber", "etag"]
              additionalProperties = false
              properties = {
                partNumber = { type = "integer", minimum = 1, maximum = 10000 }
                etag       = { type = "string", minLength = 1, maxLength = 200 }
              }
            }
          }
        }
      }
    }
    abort = {
      name = "AbortUploadRequest"
      schema = {
        required = ["password", "key", "uploadId"]
        properties = {
          password = local.password_schema
          key      = local.upload_key_schema
          uploadId = { type = "string", minLength = 1, maxLength = 1024 }
        }
      }
    }
    parts = {
      name = "SignPartsRequest"
      schema = {
        required = ["password", "key", "uploadId", "size", "partNumbers"]
        properties = {
          password    = local.password_schema
          key         = local.upload_key_schema
          uploadId    = { type = "string", minLength = 1, maxLength = 1024 }
          size        = { type = "integer", minimum = 1 }
          partNumbers = { type = "array", minItems = 1, maxItems = 10000, items = { type = "integer", minimum = 1, maximum = 10000 } }
        }
      }
    }
  }
}

# ---------------------------------------------------------------------------------------
# Buckets: staging (uploads land here, expire after a day), final (validated media),
# hosting (the upload page, served through CloudFront only). All private and encrypted.
# ---------------------------------------------------------------------------------------

# The API deployment (create_before_destroy) depends on these buckets through the CloudFront
# origin in its CORS responses, so Terraform makes them create-before-destroy too. Their names
# are fixed on purpose (policies and the functions name them); only a change of
# object_lock_enabled would replace one, and a bucket holding uploads is never replaced.
resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  # hcl-check-accept create-before-destroy-fixed-name: forced by the API deployment; only object_lock_enabled would replace a bucket
  bucket        = each.value
  force_destroy = var.force_destroy

  tags = merge({ Name = each.value, Purpose = "video-${each.key}" }, var.tags)
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  # Staging objects never outlive a day, versions included; elsewhere old versions age out.
  rule {
    id     = each.key == "staging" ? "expire-unprocessed-uploads" : "expire-noncurrent-versions"
    status = "Enabled"

    filter {
      prefix = ""
    }

    dynamic "expiration" {
      for_each = each.key == "staging" ? [var.staging_expiration_days] : []

      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = each.key == "staging" ? var.staging_expiration_days : var.noncurrent_version_expiration_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# Browsers PUT the file straight to the staging bucket with the pre-signed URL.
resource "aws_s3_bucket_cors_configuration" "staging" {
  bucket = aws_s3_bucket.this["staging"].id

  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = local.allowed_origins
    allowed_headers = ["content-type", "content-length"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

data "aws_iam_policy_document" "bucket" {
  for_each = local.buckets

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::${each.value}", "arn:aws:s3:::${each.value}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "hosting" ? [1] : []

    content {
      sid       = "CloudFrontReadsUploadPage"
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::${each.value}/*"]

      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "AWS:SourceArn"
        values   = [aws_cloudfront_distribution.site.arn]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  policy = data.aws_iam_policy_document.bucket[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# ---------------------------------------------------------------------------------------
# Upload page: private bucket behind CloudFront (origin access control), HTTPS only.
# ---------------------------------------------------------------------------------------

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "${var.name}-video-client"
  description                       = "Upload page of ${var.name}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "site" {
  enabled             = true
  comment             = "${var.name} video upload page"
  default_root_object = "index.html"
  price_class         = var.cloudfront_price_class
  http_version        = "http2and3"

  origin {
    origin_id                = "hosting"
    domain_name              = aws_s3_bucket.this["hosting"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  default_cache_behavior {
    target_origin_id           = "hosting"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
    response_headers_policy_id = "67f7725c-6f97-4210-82d7-5512b31e9d03" # Managed-SecurityHeadersPolicy
  }

  # config.json changes with the API endpoint and key: never cached.
  ordered_cache_behavior {
    path_pattern               = "/config.json"
    target_origin_id           = "hosting"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" # Managed-CachingDisabled
    response_headers_policy_id = "67f7725c-6f97-4210-82d7-5512b31e9d03" # Managed-SecurityHeadersPolicy
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  tags = merge({ Name = "${var.name}-video-client" }, var.tags)
}

resource "aws_s3_object" "site" {
  for_each = local.site_files

  bucket        = aws_s3_bucket.this["hosting"].id
  key           = each.key
  source        = each.value.source
  etag          = filemd5(each.value.source)
  content_type  = each.value.content_type
  cache_control = "public, max-age=300"

  tags = merge({ Name = each.key }, var.tags)
}

resource "aws_s3_object" "config" {
  bucket        = aws_s3_bucket.this["hosting"].id
  key           = "config.json"
  content_type  = "application/json"
  cache_control = "no-store"
  content = jsonencode(merge(
    { apiEndpoint = local.generate_url_endpoint, maxUploadBytes = var.max_upload_bytes },
    var.api_key_required ? { apiKey = aws_api_gateway_api_key.upload[0].value } : {},
  ))

  tags = merge({ Name = "config.json" }, var.tags)
}

# ---------------------------------------------------------------------------------------
# Lambda functions (modules/lambda-function: one role each, least privilege); bundles built
# by `npm run build`. The module adds log writing, kms:Decrypt of the environment, X-Ray and
# sending to the dead-letter queue; the documents below hold what the code itself calls.
# ---------------------------------------------------------------------------------------

module "function" {
  source   = "../lambda-function"
  for_each = local.functions

  name                   = "${var.name}-${each.key}"
  description            = each.value.description
  source_dir             = "${path.module}/functions/${each.key}/dist"
  runtime                = var.lambda_runtime
  architecture           = var.lambda_architecture
  timeout                = each.value.timeout
  memory_size            = each.value.memory_size
  reserved_concurrency   = each.value.reserved_concurrency
  ephemeral_storage_mb   = each.value.ephemeral_storage
  layers                 = each.value.layers
  environment_variables  = each.value.environment
  policy_json            = each.value.policy_json
  kms_key_arn            = var.kms_key_arn
  log_retention_days     = var.log_retention_days
  dead_letter_target_arn = each.value.dead_letter_target
  tags                   = var.tags
}

data "aws_iam_policy_document" "presigned_url_generator" {
  # PutObject also covers CreateMultipartUpload, UploadPart and CompleteMultipartUpload: the
  # URLs the function signs carry this authority.
  statement {
    sid       = "UploadToStaging"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["arn:aws:s3:::${local.buckets.staging}/uploads/*"]
  }

  # GET /upload/status reads the validator's verdicts.
  statement {
    sid       = "ReadValidationResults"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${local.buckets.staging}/status/*"]
  }

  # So that a verdict not written yet is a 404 ("still checking"), not a 403.
  statement {
    sid       = "ListValidationResults"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::${local.buckets.staging}"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["status/*"]
    }
  }

  statement {
    sid       = "ReadUploadPasswords"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.upload_passwords_secret_arn]
  }

  statement {
    sid       = "DecryptUploadPasswords"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "file_validator" {
  # Only object versions: the validator reads, copies and deletes exactly the version an event
  # announced (a plain DeleteObject would hide a newer upload behind a delete marker).
  statement {
    sid       = "ReadAndDeleteStagingUploadVersions"
    actions   = ["s3:GetObjectVersion", "s3:GetObjectVersionTagging", "s3:DeleteObjectVersion"]
    resources = ["arn:aws:s3:::${local.buckets.staging}/uploads/*"]
  }

  statement {
    sid       = "WriteValidationResults"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::${local.buckets.staging}/status/*"]
  }

  # Without ListBucket S3 answers 403 instead of 404 for a missing object, and a redelivered
  # event for an upload that was already moved would look like a failure instead of a no-op.
  statement {
    sid       = "ListStagingUploads"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::${local.buckets.staging}"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["uploads/*"]
    }
  }

  statement {
    sid       = "WriteFinalMedia"
    actions   = ["s3:PutObject", "s3:PutObjectTagging"]
    resources = ["arn:aws:s3:::${local.buckets.final}/images/*", "arn:aws:s3:::${local.buckets.final}/videos/*"]
  }

  # The module grants sqs:SendMessage on the dead-letter queue; the queue is encrypted with this key.
  statement {
    sid       = "EncryptDeadLetters"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_sqs_queue" "file_validator_dlq" {
  name                      = "${var.name}-file-validator-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = var.kms_key_arn

  tags = merge({ Name = "${var.name}-file-validator-dlq" }, var.tags)
}

resource "aws_lambda_function_event_invoke_config" "file_validator" {
  function_name          = module.function["file-validator"].function_name
  maximum_retry_attempts = var.file_validator_max_retries
}

resource "aws_lambda_permission" "s3_invokes_file_validator" {
  statement_id   = "AllowStagingBucketInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = module.function["file-validator"].function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.this["staging"].arn
  source_account = data.aws_caller_identity.current.account_id
}

# The only notification configuration of the staging bucket (S3 allows one per bucket).
resource "aws_s3_bucket_notification" "staging" {
  bucket = aws_s3_bucket.this["staging"].id

  lambda_function {
    lambda_function_arn = module.function["file-validator"].arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
  }

  depends_on = [aws_lambda_permission.s3_invokes_file_validator]
}

# ---------------------------------------------------------------------------------------
# REST API: the upload routes under /upload/ (Lambda proxy, one function), each with its CORS
# preflight, behind the same API key and usage plan.
# ---------------------------------------------------------------------------------------

resource "aws_api_gateway_rest_api" "this" {
  name        = "${var.name}-video-upload"
  description = "Upload API (pre-signed URLs, multipart uploads, validation results) of the ${var.name} video upload page"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = merge({ Name = "${var.name}-video-upload" }, var.tags)

  lifecycle {
    create_before_destroy = true
  }
}

# API Gateway rejects malformed requests before they reach (and bill) the function.
resource "aws_api_gateway_model" "request" {
  for_each = local.api_request_models

  rest_api_id  = aws_api_gateway_rest_api.this.id
  name         = each.value.name
  description  = "Body of POST /upload/${each.key}"
  content_type = "application/json"

  schema = jsonencode(merge({
    "$schema"            = "http://json-schema.org/draft-04/schema#"
    title                = each.value.name
    type                 = "object"
    additionalProperties = false
  }, each.value.schema))
}

resource "aws_api_gateway_request_validator" "body" {
  rest_api_id                 = aws_api_gateway_rest_api.this.id
  name                        = "body-and-parameters"
  validate_request_body       = true
  validate_request_parameters = true
}

resource "aws_api_gateway_request_validator" "parameters" {
  rest_api_id                 = aws_api_gateway_rest_api.this.id
  name                        = "parameters-only"
  validate_request_body       = false
  validate_request_parameters = true
}

resource "aws_api_gateway_resource" "upload" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "upload"
}

resource "aws_api_gateway_resource" "route" {
  for_each = local.api_routes

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.upload.id
  path_part   = each.key
}

resource "aws_api_gateway_method" "route" {
  for_each = local.api_routes

  rest_api_id          = aws_api_gateway_rest_api.this.id
  resource_id          = aws_api_gateway_resource.route[each.key].id
  http_method          = each.value.method
  authorization        = "NONE"
  api_key_required     = var.api_key_required
  request_validator_id = each.value.method == "POST" ? aws_api_gateway_request_validator.body.id : aws_api_gateway_request_validator.parameters.id

  request_models = each.value.method == "POST" ? {
    "application/json" = aws_api_gateway_model.request[each.key].name
  } : null

  # GET /upload/status?key=…: at least one key.
  request_parameters = each.value.method == "GET" ? {
    "method.request.querystring.key" = true
  } : null
}

resource "aws_api_gateway_integration" "route" {
  for_each = local.api_routes

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.route[each.key].id
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = module.function["presigned-url-generator"].invoke_arn
}

# Preflight answered by API Gateway itself. The function still checks the Origin of the
# real request against ALLOWED_ORIGINS and answers with that origin only.
resource "aws_api_gateway_method" "options" {
  for_each = local.api_routes

  rest_api_id          = aws_api_gateway_rest_api.this.id
  resource_id          = aws_api_gateway_resource.route[each.key].id
  http_method          = "OPTIONS"
  authorization        = "NONE"
  request_validator_id = aws_api_gateway_request_validator.parameters.id
}

resource "aws_api_gateway_integration" "options" {
  for_each = local.api_routes

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.route[each.key].id
  http_method = aws_api_gateway_method.options[each.key].http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}

resource "aws_api_gateway_method_response" "options" {
  for_each = local.api_routes

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.route[each.key].id
  http_method = aws_api_gateway_method.options[each.key].http_method
  status_code = "200"

  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = true
    "method.response.header.Access-Control-Allow-Methods" = true
    "method.response.header.Access-Control-Allow-Origin"  = true
    "method.response.header.Access-Control-Max-Age"       = true
  }
}

resource "aws_api_gateway_integration_response" "options" {
  for_each = local.api_routes

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_resource.route[each.key].id
  http_method = aws_api_gateway_method.options[each.key].http_method
  status_code = aws_api_gateway_method_response.options[each.key].status_code

  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = "'Content-Type,X-Api-Key'"
    "method.response.header.Access-Control-Allow-Methods" = "'OPTIONS,${each.value.method}'"
    "method.response.header.Access-Control-Allow-Origin"  = "'${length(local.allowed_origins) == 1 ? local.allowed_origins[0] : "*"}'"
    "method.response.header.Access-Control-Max-Age"       = "'600'"
  }

  depends_on = [aws_api_gateway_integration.options]
}

# Errors produced by API Gateway itself (missing key, throttling) also carry CORS headers,
# so the page can show them instead of an opaque network error.
resource "aws_api_gateway_gateway_response" "cors" {
  for_each = toset(["DEFAULT_4XX", "DEFAULT_5XX"])

  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = each.value

  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin"  = "'${length(local.allowed_origins) == 1 ? local.allowed_origins[0] : "*"}'"
    "gatewayresponse.header.Access-Control-Allow-Headers" = "'Content-Type,X-Api-Key'"
  }

  response_templates = {
    "application/json" = "{\"error\":$context.error.messageString}"
  }
}

# One permission per route and method, so the function answers nothing else of the API.
resource "aws_lambda_permission" "api_invokes_presigned_url_generator" {
  for_each = local.api_routes

  statement_id  = each.value.statement_id
  action        = "lambda:InvokeFunction"
  function_name = module.function["presigned-url-generator"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/${each.value.method}/upload/${each.key}"
}

# The single route the module had before the upload API grew; its addresses moved into the maps.
moved {
  from = aws_api_gateway_resource.generate_url
  to   = aws_api_gateway_resource.route["generate-url"]
}

moved {
  from = aws_api_gateway_method.generate_url_post
  to   = aws_api_gateway_method.route["generate-url"]
}

moved {
  from = aws_api_gateway_integration.generate_url_post
  to   = aws_api_gateway_integration.route["generate-url"]
}

moved {
  from = aws_api_gateway_method.generate_url_options
  to   = aws_api_gateway_method.options["generate-url"]
}

moved {
  from = aws_api_gateway_integration.generate_url_options
  to   = aws_api_gateway_integration.options["generate-url"]
}

moved {
  from = aws_api_gateway_method_response.generate_url_options
  to   = aws_api_gateway_method_response.options["generate-url"]
}

moved {
  from = aws_api_gateway_integration_response.generate_url_options
  to   = aws_api_gateway_integration_response.options["generate-url"]
}

moved {
  from = aws_api_gateway_model.generate_url_request
  to   = aws_api_gateway_model.request["generate-url"]
}

moved {
  from = aws_lambda_permission.api_invokes_presigned_url_generator
  to   = aws_lambda_permission.api_invokes_presigned_url_generator["generate-url"]
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.upload,
      aws_api_gateway_resource.route,
      aws_api_gateway_method.route,
      aws_api_gateway_integration.route,
      aws_api_gateway_method.options,
      aws_api_gateway_integration.options,
      aws_api_gateway_integration_response.options,
      aws_api_gateway_gateway_response.cors,
      aws_api_gateway_model.request,
      aws_api_gateway_request_validator.body,
      aws_api_gateway_request_validator.parameters,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${var.name}-video-upload"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = merge({ Name = "/aws/apigateway/${var.name}-video-upload" }, var.tags)
}

# Access logs and execution logging (method settings below) need the account-level API Gateway
# CloudWatch role, one setting per account and region. It is a prerequisite of the account, set
# once by the account's bootstrap, not by this module: two roots in one account would overwrite
# each other's role (docs/workflows.md). `npm run verify` checks it (apigw.cloudwatch-role).
resource "aws_api_gateway_stage" "this" {
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = var.stage_name
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId      = "$context.requestId"
      ip             = "$context.identity.sourceIp"
      requestTime    = "$context.requestTime"
      httpMethod     = "$context.httpMethod"
      resourcePath   = "$context.resourcePath"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      apiKeyId       = "$context.identity.apiKeyId"
      errorMessage   = "$context.error.message"
    })
  }

  tags = merge({ Name = "${var.name}-video-upload-${var.stage_name}" }, var.tags)
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = var.execution_logging_level
    data_trace_enabled     = false
    throttling_rate_limit  = var.throttle_rate_limit
    throttling_burst_limit = var.throttle_burst_limit
  }
}

resource "aws_api_gateway_usage_plan" "this" {
  name        = "${var.name}-video-upload"
  description = "${var.quota_limit} requests per ${lower(var.quota_period)}, ${var.throttle_rate_limit} requests per second"

  api_stages {
    api_id = aws_api_gateway_rest_api.this.id
    stage  = aws_api_gateway_stage.this.stage_name
  }

  quota_settings {
    limit  = var.quota_limit
    period = var.quota_period
  }

  throttle_settings {
    rate_limit  = var.throttle_rate_limit
    burst_limit = var.throttle_burst_limit
  }

  tags = merge({ Name = "${var.name}-video-upload" }, var.tags)
}

resource "aws_api_gateway_api_key" "upload" {
  count = var.api_key_required ? 1 : 0

  name        = "${var.name}-video-upload-page"
  description = "Key of the upload page (published in its config.json; meters usage, does not authenticate)"
  enabled     = true

  tags = merge({ Name = "${var.name}-video-upload-page" }, var.tags)
}

resource "aws_api_gateway_usage_plan_key" "upload" {
  count = var.api_key_required ? 1 : 0

  key_id        = aws_api_gateway_api_key.upload[0].id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.this.id
}
