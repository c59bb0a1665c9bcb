data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  log_group_name = "/ecs/${var.name}"

  # A container secret may name a JSON key (`<arn>:key::`); IAM needs the secret's own ARN.
  secret_resource_arns = distinct(concat(
    var.secret_arns,
    flatten([for s in values(var.services) : [for v in values(s.secrets) : join(":", slice(split(":", v), 0, 7))]]),
  ))

  # Whether the execution role reads secrets, from how many are passed: known at plan time,
  # unlike the ARNs (and so the length of their distinct list) while the secrets do not exist yet.
  reads_secrets = length(var.secret_arns) > 0 || anytrue([for s in values(var.services) : length(s.secrets) > 0])

  # One inline policy per service and policy name; the names (not the JSON, unknown until the
  # resources it names exist) decide the instances.
  task_role_policies = merge([
    for name, svc in var.services : {
      for policy, json in svc.task_role_policies : "${name}/${policy}" => { service = name, policy = policy, json = json }
    }
  ]...)

  # Volume name of each writable path: /tmp -> scratch-tmp, /var/cache/app -> scratch-var-cache-app.
  scratch_volume = {
    for path in distinct(flatten([for s in values(var.services) : s.writable_paths])) :
    path => "scratch-${trim(replace(path, "/[^a-zA-Z0-9]+/", "-"), "-")}"
  }

  alarms = merge([
    for name, svc in var.services : {
      "${name}-cpu"    = { service = name, metric = "CPUUtilization", threshold = var.cpu_alarm_threshold }
      "${name}-memory" = { service = name, metric = "MemoryUtilization", threshold = var.memory_alarm_threshold }
    }
  ]...)

  scaling_policies = merge([
    for name, svc in var.services : {
      "${name}-cpu"    = { service = name, metric = "ECSServiceAverageCPUUtilization", target = var.cpu_scaling_target }
      "${name}-memory" = { service = name, metric = "ECSServiceAverageMemoryUtilization", target = var.memory_scaling_target }
    }
  ]...)
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights
  }

  configuration {
    execute_command_configuration {
      kms_key_id = var.kms_key_arn
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.this.name
      }
    }
  }

  tags = merge({ Name = var.name }, var.tags)
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = merge({ Name = local.log_group_name }, var.tags)
}

# ---------------------------------------------------------------------------------------
# IAM: one execution role (pull images, write logs, read the container secrets) and one
# task role per service (what the application itself may do).
# ---------------------------------------------------------------------------------------

data "aws_iam_policy_document" "tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json

  tags = merge({ Name = "${var.name}-ecs-execution" }, var.tags)
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution_secrets" {
  count = local.reads_secrets ? 1 : 0

  statement {
    sid       = "ReadContainerSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.secret_resource_arns
  }

  statement {
    sid       = "DecryptContainerSecrets"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  count = local.reads_secrets ? 1 : 0

  name   = "read-container-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets[0].json
}

resource "aws_iam_role" "task" {
  for_each = var.services

  name               = "${var.name}-${each.key}-task"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json

  tags = merge({ Name = "${var.name}-${each.key}-task" }, var.tags)
}

resource "aws_iam_role_policy" "task" {
  for_each = local.task_role_policies

  name   = "${each.value.service}-${each.value.policy}"
  role   = aws_iam_role.task[each.value.service].id
  policy = each.value.json
}

data "aws_iam_policy_document" "exec" {
  statement {
    actions   = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
    resources = ["*"]
  }

  statement {
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "exec" {
  for_each = var.enable_execute_command ? var.services : {}

  name   = "ecs-exec"
  role   = aws_iam_role.task[each.key].id
  policy = data.aws_iam_policy_document.exec.json
}

# ---------------------------------------------------------------------------------------
# Task definitions and services.
# ---------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "this" {
  for_each = var.services

  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(each.value.cpu)
  memory                   = tostring(each.value.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task[each.key].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # Task-local scratch space (Fargate bind mounts on the task's ephemeral storage) for the paths a
  # container with a read-only root filesystem still writes to, such as /tmp.
  dynamic "volume" {
    for_each = toset(each.value.writable_paths)

    content {
      name = local.scratch_volume[volume.value]
    }
  }

  container_definitions = jsonencode([
    merge(
      {
        name                   = each.key
        image                  = each.value.image
        essential              = true
        readonlyRootFilesystem = each.value.readonly_root_filesystem
        mountPoints            = [for path in sort(each.value.writable_paths) : { sourceVolume = local.scratch_volume[path], containerPath = path, readOnly = false }]
        portMappings           = [{ containerPort = each.value.port, protocol = "tcp" }]
        environment            = [for k in sort(keys(each.value.environment)) : { name = k, value = each.value.environment[k] }]
        secrets                = [for k in sort(keys(each.value.secrets)) : { name = k, valueFrom = each.value.secrets[k] }]
        logConfiguration = {
          logDriver = "awslogs"
          options = {
            awslogs-group         = aws_cloudwatch_log_group.this.name
            awslogs-region        = data.aws_region.current.region
            awslogs-stream-prefix = each.key
          }
        }
      },
      each.value.command == null ? {} : { command = each.value.command },
    )
  ])

  tags = merge({ Name = "${var.name}-${each.key}" }, var.tags)
}

resource "aws_ecs_service" "this" {
  for_each = var.services

  name                    = "${var.name}-${each.key}"
  cluster                 = aws_ecs_cluster.this.id
  task_definition         = aws_ecs_task_definition.this[each.key].arn
  desired_count           = each.value.desired_count
  launch_type             = "FARGATE"
  platform_version        = "LATEST"
  enable_execute_command  = var.enable_execute_command
  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true

  health_check_grace_period_seconds = each.value.target_group_arn == null ? null : var.health_check_grace_period_seconds

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = each.value.target_group_arn == null ? [] : [each.value.target_group_arn]

    content {
      target_group_arn = load_balancer.value
      container_name   = each.key
      container_port   = each.value.port
    }
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  tags = merge({ Name = "${var.name}-${each.key}" }, var.tags)

  # Auto-scaling owns the running task count once the service exists.
  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_appautoscaling_target" "this" {
  for_each = var.services

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[each.key].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = each.value.min_capacity
  max_capacity       = each.value.max_capacity

  tags = merge({ Name = "${var.name}-${each.key}" }, var.tags)
}

resource "aws_appautoscaling_policy" "this" {
  for_each = local.scaling_policies

  name               = "${var.name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.value.service].service_namespace
  resource_id        = aws_appautoscaling_target.this[each.value.service].resource_id
  scalable_dimension = aws_appautoscaling_target.this[each.value.service].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.target
    scale_in_cooldown  = var.scale_in_cooldown
    scale_out_cooldown = var.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = each.value.metric
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}-high"
  alarm_description   = "${each.value.metric} of ${var.name}-${each.value.service} above ${each.value.threshold}% for ${var.alarm_evaluation_periods} minutes"
  namespace           = "AWS/ECS"
  metric_name         = each.value.metric
  statistic           = "Average"
  period              = 60
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  dimensions = {
    ClusterName = aws_ecs_cluster.this.name
    ServiceName = aws_ecs_service.this[each.value.service].name
  }

  tags = merge({ Name = "${var.name}-${each.key}-high" }, var.tags)
}
