variable "identifier" {
  type        = string
  description = "Identifier of the DB instance (e.g. phenom-prod-postgres); prefix of its subnet group, parameter group and roles."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.identifier)) && !endswith(var.identifier, "-") && !strcontains(var.identifier, "--")
    error_message = "identifier must start with a letter, contain only lower-case letters, digits and single hyphens, not end with a hyphen, and be at most 63 characters."
  }
}

# Major version only. RDS ends standard support of PostgreSQL minor versions on a published
# schedule and then upgrades them itself: 17.1-17.4 reached the end of standard support on
# 2026-05-31, no new instances on them since 2026-05-01, and instances (also ones restored from
# snapshots of them) are upgraded to 17.7 or later in a maintenance window after that (AWS Health
# notice; the dates per minor are in the "Release calendar for Amazon RDS for PostgreSQL",
# https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html).
# A pinned minor would then be a permanent diff whose apply fails (RDS does not downgrade minors).
# With "17", RDS creates the instance on its current default 17.x minor, auto_minor_version_upgrade
# applies newer minors in the maintenance window (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.Minor.html),
# and the provider keeps "17" in the state while the running minor is engine_version_actual
# (output engine_version_actual): the applied minor never shows as a diff.
variable "engine_version" {
  type        = string
  description = "PostgreSQL major version (17); RDS picks and upgrades the minor version (see the comment in variables.tf), the running one is the engine_version_actual output. A major upgrade is a deliberate change (allow_major_version_upgrade and the parameter group family)."
  default     = "17"

  validation {
    condition     = var.engine_version == "17"
    error_message = "engine_version must be the major version \"17\" (a pinned minor such as 17.4 fights RDS's own minor upgrades; the parameter group family is postgres17)."
  }
}

variable "instance_class" {
  type        = string
  description = "Instance class of the database."
  default     = "db.m5.large"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS instance class such as db.m5.large."
  }
}

variable "allocated_storage" {
  type        = number
  description = "Initial storage in GB."
  default     = 20

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be between 20 and 65536 GB."
  }
}

variable "max_allocated_storage" {
  type        = number
  description = "Upper limit of storage auto-scaling in GB (must exceed allocated_storage)."
  default     = 100

  validation {
    condition     = var.max_allocated_storage >= 20 && var.max_allocated_storage <= 65536
    error_message = "max_allocated_storage must be between 20 and 65536 GB."
  }
}

variable "storage_type" {
  type        = string
  description = "Storage type of the database."
  default     = "gp3"

  validation {
    condition     = contains(["gp2", "gp3", "io1", "io2"], var.storage_type)
    error_message = "storage_type must be gp2, gp3, io1 or io2."
  }
}

variable "database_name" {
  type        = string
  description = "Name of the database created with a new instance (ignored on restore: the snapshot brings its databases)."
  default     = "phenom"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and contain only letters, digits and underscores (at most 63)."
  }
}

variable "database_username" {
  type        = string
  description = "Master user name. On a restore it must equal the snapshot's master user, or Terraform plans a replacement."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,62}$", var.database_username)) && !contains(["postgres", "rdsadmin", "admin"], lower(var.database_username))
    error_message = "database_username must start with a letter, contain only letters, digits and underscores, and not be a reserved name (postgres, rdsadmin, admin)."
  }
}

variable "port" {
  type        = number
  description = "Port the database listens on."
  default     = 5432

  validation {
    condition     = var.port >= 1150 && var.port <= 65535
    error_message = "port must be between 1150 and 65535."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Database subnets (at least two availability zones)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least two subnets in different availability zones."
  }
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the database."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for storage encryption, the managed master password secret and Performance Insights."
}

variable "snapshot_identifier" {
  type        = string
  description = "Snapshot to create the instance from; null creates an empty database. Changing it replaces the instance."
  default     = null
}

variable "backup_retention_period" {
  type        = number
  description = "Days automated backups are kept."
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35
    error_message = "backup_retention_period must be between 1 and 35 days (0 would disable backups)."
  }
}

variable "backup_window" {
  type        = string
  description = "Daily backup window (UTC, hh24:mi-hh24:mi); must not overlap the maintenance window."
  default     = "03:00-04:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup_window))
    error_message = "backup_window must look like 03:00-04:00 (UTC)."
  }
}

variable "maintenance_window" {
  type        = string
  description = "Weekly maintenance window (UTC, ddd:hh24:mi-ddd:hh24:mi)."
  default     = "sun:04:00-sun:05:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", lower(var.maintenance_window)))
    error_message = "maintenance_window must look like sun:04:00-sun:05:00 (UTC)."
  }
}

variable "multi_az" {
  type        = bool
  description = "Run a synchronous standby in a second availability zone."
  default     = true
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instance (also blocks replacement)."
  default     = true
}

variable "skip_final_snapshot" {
  type        = bool
  description = "Delete without a final snapshot. Keep false for any database holding real data."
  default     = false
}

variable "apply_immediately" {
  type        = bool
  description = "Apply modifications now instead of in the next maintenance window."
  default     = false
}

variable "performance_insights_retention_period" {
  type        = number
  description = "Days Performance Insights data is kept (7, 731, or a multiple of 31)."
  default     = 7

  validation {
    condition     = var.performance_insights_retention_period == 7 || var.performance_insights_retention_period == 731 || var.performance_insights_retention_period % 31 == 0
    error_message = "performance_insights_retention_period must be 7, 731 or a multiple of 31."
  }
}

variable "monitoring_interval" {
  type        = number
  description = "Seconds between Enhanced Monitoring samples; 0 disables it."
  default     = 60

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be 0, 1, 5, 10, 15, 30 or 60."
  }
}

variable "log_min_duration_statement_ms" {
  type        = number
  description = "Statements slower than this many milliseconds are logged; -1 disables."
  default     = 1000

  validation {
    condition     = var.log_min_duration_statement_ms >= -1
    error_message = "log_min_duration_statement_ms must be -1 or more."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
