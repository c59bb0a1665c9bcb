variable "name" {
  type        = string
  description = "Name prefix of every resource (e.g. phenom-prod)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR block of the VPC."
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR block such as 10.0.0.0/16."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones of the subnets, in order: subnet i of each tier goes to zone i. Pinned, not looked up, so a zone AWS adds or retires never moves a subnet."

  validation {
    condition     = length(var.availability_zones) >= 2 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones needs at least two distinct zones (the ALB and the RDS subnet group span two)."
  }
}

variable "public_subnet_cidrs" {
  type        = list(string)
  description = "CIDR blocks of the public subnets (ALB, NAT gateways), one per availability zone."
  default     = ["10.0.0.0/24", "10.0.1.0/24"]

  validation {
    condition     = length(var.public_subnet_cidrs) >= 2 && alltrue([for c in var.public_subnet_cidrs : can(cidrnetmask(c))])
    error_message = "public_subnet_cidrs needs at least two IPv4 CIDR blocks (an ALB spans two availability zones); one per entry of availability_zones."
  }
}

variable "private_subnet_cidrs" {
  type        = list(string)
  description = "CIDR blocks of the private subnets (ECS tasks), one per availability zone."
  default     = ["10.0.10.0/24", "10.0.11.0/24"]

  validation {
    condition     = length(var.private_subnet_cidrs) >= 2 && alltrue([for c in var.private_subnet_cidrs : can(cidrnetmask(c))])
    error_message = "private_subnet_cidrs needs at least two IPv4 CIDR blocks."
  }
}

variable "database_subnet_cidrs" {
  type        = list(string)
  description = "CIDR blocks of the database subnets (RDS), one per availability zone."
  default     = ["10.0.20.0/24", "10.0.21.0/24"]

  validation {
    condition     = length(var.database_subnet_cidrs) >= 2 && alltrue([for c in var.database_subnet_cidrs : can(cidrnetmask(c))])
    error_message = "database_subnet_cidrs needs at least two IPv4 CIDR blocks (an RDS subnet group spans two availability zones)."
  }
}

variable "nat_gateway_mode" {
  type        = string
  description = "NAT gateways for the private subnets: none (no outbound internet), single (one shared gateway) or per_az (one per availability zone, survives an AZ outage)."
  default     = "single"

  validation {
    condition     = contains(["none", "single", "per_az"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be one of: none, single, per_az."
  }
}

variable "service_ports" {
  type        = list(number)
  description = "Container ports the ALB may reach on ECS tasks (one per service that sits behind the ALB)."
  default     = [8080, 4000, 5000, 3000]

  validation {
    condition     = alltrue([for p in var.service_ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "service_ports must be whole numbers between 1 and 65535."
  }
}

variable "database_port" {
  type        = number
  description = "Port of the database; only ECS tasks may reach it."
  default     = 5432

  validation {
    condition     = var.database_port >= 1 && var.database_port <= 65535
    error_message = "database_port must be between 1 and 65535."
  }
}

variable "alb_listener_ports" {
  type        = list(number)
  description = "Ports the ALB listens on (HTTP redirect, HTTPS, and any extra listener such as the chat mTLS listener)."
  default     = [80, 443]

  validation {
    condition     = alltrue([for p in var.alb_listener_ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "alb_listener_ports must be whole numbers between 1 and 65535."
  }
}

variable "alb_ingress_cidrs" {
  type        = list(string)
  description = "IPv4 CIDR blocks allowed to reach the ALB listeners."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.alb_ingress_cidrs) > 0 && alltrue([for c in var.alb_ingress_cidrs : can(cidrnetmask(c))])
    error_message = "alb_ingress_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "flow_log_traffic_type" {
  type        = string
  description = "Traffic recorded by the VPC flow log."
  default     = "ALL"

  validation {
    condition     = contains(["ACCEPT", "REJECT", "ALL"], var.flow_log_traffic_type)
    error_message = "flow_log_traffic_type must be ACCEPT, REJECT or ALL."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the VPC flow log group, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the KMS key that encrypts the flow log group."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
