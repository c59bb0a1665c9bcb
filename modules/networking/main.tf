locals {
  azs = var.availability_zones

  nat_count = {
    none   = 0
    single = 1
    per_az = length(var.public_subnet_cidrs)
  }[var.nat_gateway_mode]
}

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge({ Name = var.name }, var.tags)
}

# The default security group of the VPC is emptied so nothing can use it by accident.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge({ Name = "${var.name}-default-unused" }, var.tags)
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge({ Name = var.name }, var.tags)
}

resource "aws_subnet" "public" {
  count = length(var.public_subnet_cidrs)

  vpc_id            = aws_vpc.this.id
  cidr_block        = var.public_subnet_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = merge({ Name = "${var.name}-public-${local.azs[count.index]}", Tier = "public" }, var.tags)
}

resource "aws_subnet" "private" {
  count = length(var.private_subnet_cidrs)

  vpc_id            = aws_vpc.this.id
  cidr_block        = var.private_subnet_cidrs[count.index]
  availability_zone = local.azs[count.index % length(local.azs)]

  tags = merge({ Name = "${var.name}-private-${local.azs[count.index % length(local.azs)]}", Tier = "private" }, var.tags)
}

resource "aws_subnet" "database" {
  count = length(var.database_subnet_cidrs)

  vpc_id            = aws_vpc.this.id
  cidr_block        = var.database_subnet_cidrs[count.index]
  availability_zone = local.azs[count.index % length(local.azs)]

  tags = merge({ Name = "${var.name}-database-${local.azs[count.index % length(local.azs)]}", Tier = "database" }, var.tags)
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  tags = merge({ Name = "${var.name}-public" }, var.tags)
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = length(aws_subnet.public)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  count = local.nat_count

  domain = "vpc"

  tags = merge({ Name = "${var.name}-nat-${local.azs[count.index]}" }, var.tags)

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  count = local.nat_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = merge({ Name = "${var.name}-nat-${local.azs[count.index]}" }, var.tags)
}

# One route table per private subnet so that per_az NAT keeps traffic inside its zone.
resource "aws_route_table" "private" {
  count = length(var.private_subnet_cidrs)

  vpc_id = aws_vpc.this.id

  tags = merge({ Name = "${var.name}-private-${local.azs[count.index % length(local.azs)]}" }, var.tags)
}

resource "aws_route" "private_nat" {
  count = local.nat_count > 0 ? length(var.private_subnet_cidrs) : 0

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[min(count.index, local.nat_count - 1)].id
}

resource "aws_route_table_association" "private" {
  count = length(aws_subnet.private)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# Database subnets have no route to the internet at all.
resource "aws_route_table" "database" {
  vpc_id = aws_vpc.this.id

  tags = merge({ Name = "${var.name}-database" }, var.tags)
}

resource "aws_route_table_association" "database" {
  count = length(aws_subnet.database)

  subnet_id      = aws_subnet.database[count.index].id
  route_table_id = aws_route_table.database.id
}

# ---------------------------------------------------------------------------------------
# Security groups: ALB <- internet; ECS tasks <- ALB on the service ports; RDS <- ECS only.
# ---------------------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public ALB of ${var.name}: HTTP/HTTPS in, service ports out to ECS tasks"
  vpc_id      = aws_vpc.this.id

  tags = merge({ Name = "${var.name}-alb" }, var.tags)
}

resource "aws_security_group" "ecs" {
  name        = "${var.name}-ecs-tasks"
  description = "ECS tasks of ${var.name}: service ports from the ALB, HTTPS and the database out"
  vpc_id      = aws_vpc.this.id

  tags = merge({ Name = "${var.name}-ecs-tasks" }, var.tags)
}

resource "aws_security_group" "rds" {
  name        = "${var.name}-rds"
  description = "RDS of ${var.name}: the database port from ECS tasks only"
  vpc_id      = aws_vpc.this.id

  tags = merge({ Name = "${var.name}-rds" }, var.tags)
}

resource "aws_vpc_security_group_ingress_rule" "alb_listener" {
  for_each = { for pair in setproduct(var.alb_listener_ports, var.alb_ingress_cidrs) : "${pair[0]}-${pair[1]}" => { port = pair[0], cidr = pair[1] } }

  security_group_id = aws_security_group.alb.id
  description       = "Clients to ALB listener ${each.value.port}"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = merge({ Name = "${var.name}-alb-in-${each.value.port}" }, var.tags)
}

resource "aws_vpc_security_group_egress_rule" "alb_to_ecs" {
  for_each = toset([for p in var.service_ports : tostring(p)])

  security_group_id            = aws_security_group.alb.id
  description                  = "ALB to ECS tasks on service port ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.ecs.id

  tags = merge({ Name = "${var.name}-alb-out-${each.value}" }, var.tags)
}

resource "aws_vpc_security_group_ingress_rule" "ecs_from_alb" {
  for_each = toset([for p in var.service_ports : tostring(p)])

  security_group_id            = aws_security_group.ecs.id
  description                  = "ALB to ECS tasks on service port ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.alb.id

  tags = merge({ Name = "${var.name}-ecs-in-${each.value}" }, var.tags)
}

# Image pulls, Secrets Manager, CloudWatch and the other AWS APIs are reached over HTTPS.
resource "aws_vpc_security_group_egress_rule" "ecs_https" {
  security_group_id = aws_security_group.ecs.id
  description       = "ECS tasks to HTTPS endpoints (image registries, AWS APIs)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge({ Name = "${var.name}-ecs-out-https" }, var.tags)
}

resource "aws_vpc_security_group_egress_rule" "ecs_to_rds" {
  security_group_id            = aws_security_group.ecs.id
  description                  = "ECS tasks to the database"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.rds.id

  tags = merge({ Name = "${var.name}-ecs-out-db" }, var.tags)
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_ecs" {
  security_group_id            = aws_security_group.rds.id
  description                  = "ECS tasks to the database"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.ecs.id

  tags = merge({ Name = "${var.name}-rds-in" }, var.tags)
}

# ---------------------------------------------------------------------------------------
# VPC flow logs to CloudWatch Logs (KMS-encrypted).
# ---------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/${var.name}/flow-logs"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = merge({ Name = "${var.name}-flow-logs" }, var.tags)
}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "${var.name}-vpc-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json

  tags = merge({ Name = "${var.name}-vpc-flow-logs" }, var.tags)
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow_logs.arn}:*"]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "write-flow-logs"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = var.flow_log_traffic_type
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn         = aws_iam_role.flow_logs.arn

  tags = merge({ Name = "${var.name}-flow-log" }, var.tags)
}
