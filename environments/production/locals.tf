# Everything that makes this root production. environments/development/locals.tf has the same
# names; every value that differs carries a one-line reason here and there.
locals {
  environment = "production"
  name        = "phenom-prod"
  region      = "us-east-1"

  default_tags = {
    Environment = local.environment
    Project     = "phenom"
    ManagedBy   = "terraform"
    Repository  = "phenom-infra"
  }

  # --- networking --------------------------------------------------------------------------
  availability_zones = ["us-east-1a", "us-east-1b"]
  nat_gateway_mode   = "per_az" # differs: production keeps outbound traffic up through an AZ outage
  # differs: the chat listener (8443, mutual TLS) exists only in production
  alb_listener_ports = [80, 443, 8443]

  # --- database ----------------------------------------------------------------------------
  db_identifier          = "phenom-prod-postgres"
  db_username            = "phenomprod"
  db_snapshot_identifier = null # differs: production is the original database, never restored
  db_multi_az            = true # differs: production needs a synchronous standby
  db_deletion_protection = true # production is never deleted or replaced by a plan

  # --- storage -----------------------------------------------------------------------------
  media_bucket_name = "phenom-prod-media"

  # --- web origins -------------------------------------------------------------------------
  app_origins = var.app_origins # differs: production serves only its public origins (no localhost)

  # --- Cognito -----------------------------------------------------------------------------
  cognito_mfa = "OPTIONAL"

  # --- ECS services (one map: image, port, size, count, routing, secrets, root filesystem) --
  # Root filesystems are read-only with a task-local /tmp; writable only where the image needs it.
  # differs: production runs Hasura, the nest-api storage worker, Synapse and the chat MCP
  # service; auth is Cognito (no Hasura Auth) and the legacy Nhost Functions are retired.
  ecr_registry = "${var.aws_account_id}.dkr.ecr.${local.region}.amazonaws.com"
  services = {
    graphql = {
      image                    = "hasura/graphql-engine:v2.48.5"
      port                     = 8080
      path_patterns            = ["/api/graphql", "/api/graphql/*"]
      priority                 = 10
      listener                 = "https"
      health_check_path        = "/healthz"
      environment              = { HASURA_GRAPHQL_ENABLE_CONSOLE = "false", HASURA_GRAPHQL_UNAUTHORIZED_ROLE = "anonymous" }
      secrets                  = { HASURA_GRAPHQL_ADMIN_SECRET = "hasura_admin_secret", HASURA_GRAPHQL_DATABASE_URL = "database_url", HASURA_GRAPHQL_JWT_SECRET = "hasura_graphql_jwt_secret" }
      s3_access                = false
      readonly_root_filesystem = true
      writable_paths           = ["/tmp"]
    }
    storage = {
      image                    = "${local.ecr_registry}/phenom/nest-api:${var.app_image_tag}"
      port                     = 5000
      path_patterns            = ["/api/storage", "/api/storage/*"]
      priority                 = 30
      listener                 = "https"
      health_check_path        = "/healthz"
      environment              = {}
      secrets                  = { DATABASE_URL = "database_url", HASURA_ADMIN_SECRET = "hasura_admin_secret" }
      s3_access                = true
      readonly_root_filesystem = true
      writable_paths           = ["/tmp"]
    }
    synapse = {
      image                    = "matrixdotorg/synapse:v1.135.0"
      port                     = 8008
      path_patterns            = []
      priority                 = null
      listener                 = "chat"
      health_check_path        = "/health"
      environment              = { SYNAPSE_CONFIG_PATH = "/data/homeserver.yaml" }
      secrets                  = { SYNAPSE_DATABASE_URL = "synapse_database_url" }
      s3_access                = false
      readonly_root_filesystem = false # the image writes its config, signing key, media store and logs under /data
      writable_paths           = []
    }
    chat-mcp = {
      image                    = "${local.ecr_registry}/phenom/chat-mcp:${var.app_image_tag}"
      port                     = 3001
      path_patterns            = ["/api/mcp", "/api/mcp/*"]
      priority                 = 50
      listener                 = "https"
      health_check_path        = "/healthz"
      environment              = {}
      secrets                  = { HASURA_ADMIN_SECRET = "hasura_admin_secret" }
      s3_access                = false
      readonly_root_filesystem = true
      writable_paths           = ["/tmp"]
    }
  }

  # --- upload API -----------------------------------------------------------------------------
  # Its API key is public (the page's config.json): a per-IP rate rule in front of the stage.
  # An uploader polls the status every 2 s (150 requests per 5 minutes) besides its uploads.
  upload_api_rate_limit = 300 # requests per IP per 5 minutes

  # --- production-only edge (IaC debt adopted by the import blocks in main.tf) ---------------
  waf_web_acl_name   = "phenom-prod-chat-protect" # differs: WAF runs only in front of production (4 rules, COUNT)
  waf_mode           = "count"                    # adopted as it runs today; switching to block is its own change
  chat_listener_port = 8443                       # differs: mutual-TLS chat listener for Cloudflare origin pulls
}
