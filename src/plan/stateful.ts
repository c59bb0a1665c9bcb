import { typeLookup } from './type-patterns.js';

/**
 * The one list of resource types that hold data which is lost when the resource is
 * destroyed: replacing or deleting one of these is flagged as a risk of data loss.
 * An entry is an exact type name or a prefix ending in `_` followed by `*`.
 */
export type StatefulKind =
  | 'database'
  | 'bucket'
  | 'file system'
  | 'volume'
  | 'user pool'
  | 'key store'
  | 'secret'
  | 'log group'
  | 'table'
  | 'queue or stream'
  | 'search domain'
  | 'cache'
  | 'registry'
  | 'backup vault'
  | 'dns zone';

export const STATEFUL_RESOURCE_TYPES: Readonly<Record<StatefulKind, readonly string[]>> = {
  database: [
    'aws_db_instance',
    'aws_rds_cluster',
    'aws_rds_global_cluster',
    'aws_docdb_cluster',
    'aws_docdb_elastic_cluster',
    'aws_neptune_cluster',
    'aws_redshift_cluster',
    'aws_redshiftserverless_namespace',
    'aws_lightsail_database',
    'aws_memorydb_cluster',
    'aws_timestreamwrite_database',
    'google_sql_database_instance',
    'google_sql_database',
    'google_spanner_database',
    'google_spanner_instance',
    'google_alloydb_cluster',
    'azurerm_mssql_database',
    'azurerm_mssql_server',
    'azurerm_postgresql_server',
    'azurerm_postgresql_flexible_server',
    'azurerm_postgresql_flexible_server_database',
    'azurerm_mysql_flexible_server',
    'azurerm_cosmosdb_account',
    'postgresql_database',
    'mysql_database',
  ],
  bucket: [
    'aws_s3_bucket',
    'aws_s3control_bucket',
    'aws_glacier_vault',
    'google_storage_bucket',
    'azurerm_storage_account',
    'azurerm_storage_container',
  ],
  'file system': ['aws_efs_file_system', 'aws_fsx_*', 'google_filestore_instance', 'azurerm_storage_share'],
  volume: ['aws_ebs_volume', 'aws_ebs_snapshot', 'google_compute_disk', 'azurerm_managed_disk'],
  'user pool': ['aws_cognito_user_pool', 'aws_cognito_identity_pool', 'google_identity_platform_tenant'],
  'key store': [
    'aws_kms_key',
    'aws_kms_external_key',
    'aws_cloudhsm_v2_cluster',
    'aws_acmpca_certificate_authority',
    'google_kms_key_ring',
    'google_kms_crypto_key',
    'azurerm_key_vault',
    'azurerm_key_vault_key',
  ],
  secret: [
    'aws_secretsmanager_secret',
    'aws_ssm_parameter',
    'google_secret_manager_secret',
    'azurerm_key_vault_secret',
  ],
  'log group': ['aws_cloudwatch_log_group', 'google_logging_project_bucket_config', 'azurerm_log_analytics_workspace'],
  table: [
    'aws_dynamodb_table',
    'aws_dynamodb_global_table',
    'aws_keyspaces_table',
    'aws_timestreamwrite_table',
    'google_bigquery_dataset',
    'google_bigquery_table',
    'azurerm_storage_table',
  ],
  'queue or stream': [
    'aws_sqs_queue',
    'aws_kinesis_stream',
    'aws_kinesis_firehose_delivery_stream',
    'aws_msk_cluster',
    'aws_mq_broker',
    'google_pubsub_subscription',
  ],
  'search domain': ['aws_opensearch_domain', 'aws_elasticsearch_domain', 'aws_opensearchserverless_collection'],
  cache: [
    'aws_elasticache_cluster',
    'aws_elasticache_replication_group',
    'aws_elasticache_serverless_cache',
    'google_redis_instance',
    'azurerm_redis_cache',
  ],
  registry: ['aws_ecr_repository', 'google_artifact_registry_repository', 'azurerm_container_registry'],
  'backup vault': ['aws_backup_vault', 'azurerm_recovery_services_vault'],
  'dns zone': ['aws_route53_zone', 'google_dns_managed_zone', 'azurerm_dns_zone'],
};

const lookup = typeLookup(
  (Object.entries(STATEFUL_RESOURCE_TYPES) as [StatefulKind, readonly string[]][]).flatMap(([kind, types]) =>
    types.map((type) => [type, kind] as const),
  ),
);

/** The kind of data a resource type holds, or undefined when destroying it loses no data. */
export function statefulKind(type: string | undefined): StatefulKind | undefined {
  return lookup(type);
}
