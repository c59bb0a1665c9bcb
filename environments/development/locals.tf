# Everything that makes this root staging. environments/production/locals.tf has the same
# names; every value that differs carries a one-line reason here and there.
#
# Staging holds a copy of production's personal data (refreshed 2026-06-20: database
# snapshot, media, the 31 Cognito users). It is treated as production-sensitive: encrypted
# everywhere, nothing public, backups and final snapshots kept.
locals {
  environment = "development"
  name        = "phenom-dev"
  region      = "us-east-1"

  default_tags = {
    Environment = local.environment
    Project     = "phenom"
    ManagedBy   = "terraform"
    Repository  = "phenom-infra"
  }

  # --- networking --------------------------------------------------------------------------
  availability_zones = ["us-east-1a", "us-east-1b"]
  nat_gateway_mode   = "single" # differs: one shared NAT gateway; an AZ outage may pause staging
  # differs: no chat listener in staging (chat runs only in production)
  alb_listener_ports = [80, 443]

  # --- database ----------------------------------------------------------------------------
  db_identifier = "phenom-dev-postgres"
  # PENDING FOLLOW-UP (SPEC §3): the snapshot's master user is the production one, so this
  # name makes `terraform plan` replace the staging instance. Deliberately left as
  # documented until the follow-up PR changes it; env-guard reports it.
  db_username = "phenomhabu"
  # differs: staging was restored from this production snapshot (allow-listed in the guard
  # config: the one production identifier development may name). The RDS module still lacks
  # ignore_changes on snapshot_identifier: the second open follow-up.
  db_snapshot_identifier = "phenom-prod-postgres-clone-20260620"
  db_multi_az            = false # differs: a single instance is enough for staging's load
  # Staging holds production personal data, and the open follow-ups make the next plan replace
  # this instance (as happened to synapse_staging): protection makes that replacement fail
  # instead of deleting the database, until the follow-ups are resolved.
  db_deletion_protection = true

  # --- storage -----------------------------------------------------------------------------
  media_bucket_name = "phenom-staging-media"

  # --- web origins -------------------------------------------------------------------------
  # differs: developers run the app locally against staging
  app_origins = concat(var.app_origins, ["http://localhost:3000"])

  # --- Cognito -----------------------------------------------------------------------------
  cognito_mfa = "OPTIONAL"

  # --- ECS services (one map: image, port, size, count, routing, secrets, root filesystem) --
  # Root filesystems are read-only with a task-local /tmp; writable only where the image needs it.
  # differs: staging runs the original stack of SPEC §4 (Hasura GraphQL, Hasura Auth, Hasura
  # Storage, Nhost Functions) and no chat services (Synapse, chat MCP).
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
    auth = {
      image                    = "nhost/hasura-auth:0.38.1"
      port                     = 4000
      path_patterns            = ["/api/auth", "/api/auth/*"]
      priority                 = 20
      listener                 = "https"
      health_check_path        = "/healthz"
      environment              = {}
      secrets                  = { HASURA_GRAPHQL_ADMIN_SECRET = "hasura_admin_secret", HASURA_GRAPHQL_DATABASE_URL = "database_url", HASURA_GRAPHQL_JWT_SECRET = "hasura_graphql_jwt_secret" }
      s3_access                = false
      readonly_root_filesystem = true
      writable_paths           = ["/tmp"]
    }
    storage = {
      image                    = "nhost/hasura-storage:0.7.2"
      port                     = 5000
      path_patterns            = ["/api/storage", "/api/storage/*"]
      priority                 = 30
      listener                 = "https"
      health_check_path        = "/healthz"
      environment              = {}
      secrets                  = { HASURA_GRAPHQL_ADMIN_SECRET = "hasura_admin_secret", POSTGRES_MIGRATIONS_SOURCE = "database_url" }
      s3_access                = true
      readonly_root_filesystem = true
      writable_paths           = ["/tmp"]
    }
    functions = {
      image                    = "nhost/functions:1.2.0"
      port                     = 3000
      path_patterns            = ["/api/functions", "/api/functions/*"]
      priority                 = 40
      listener                 = "https"
      health_check_path        = "/healthz"
      environment              = {}
      secrets                  = { NHOST_ADMIN_SECRET = "hasura_admin_secret" }
      s3_access                = false
      readonly_root_filesystem = false # compiles the functions into the image's working directory at start
      writable_paths           = []
    }
  }

  # --- upload API -----------------------------------------------------------------------------
  # Its API key is public (the page's config.json): a per-IP rate rule in front of the stage.
  # An uploader polls the status every 2 s (150 requests per 5 minutes) besides its uploads.
  upload_api_rate_limit = 300 # requests per IP per 5 minutes
}
