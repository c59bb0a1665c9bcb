variable "name" {
  type        = string
  description = "Name of the function; also the name of its IAM role and inline policy, of its log group /aws/lambda/<name> and of the zip under <root>/.terraform/lambda/."

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, '-' or '_' (the limit of Lambda function and IAM role names)."
  }
}

variable "description" {
  type        = string
  description = "Description of the function."
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "description must be at most 256 characters."
  }
}

variable "source_dir" {
  type        = string
  description = "Directory holding the built bundle, such as <calling module>/functions/<fn>/dist (path.module of the caller); zipped as it is."

  validation {
    condition     = length(trimspace(var.source_dir)) > 0
    error_message = "source_dir must name a directory."
  }
}

variable "handler" {
  type        = string
  description = "Entry point of the function: <file without extension>.<exported function>."
  default     = "index.handler"

  validation {
    condition     = can(regex("^[^\\s]{1,128}$", var.handler))
    error_message = "handler must be 1-128 characters without whitespace, such as index.handler."
  }
}

variable "runtime" {
  type        = string
  description = "Runtime of the function (a supported Node.js runtime; nodejs24.x needs hashicorp/aws >= 6.21)."
  default     = "nodejs24.x"

  validation {
    condition     = contains(["nodejs22.x", "nodejs24.x"], var.runtime)
    error_message = "runtime must be nodejs22.x or nodejs24.x (nodejs18.x and nodejs20.x are deprecated on Lambda)."
  }
}

variable "architecture" {
  type        = string
  description = "Instruction set of the function (must match its layers)."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "timeout" {
  type        = number
  description = "Timeout of the function, in seconds."
  default     = 3

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "memory_size" {
  type        = number
  description = "Memory of the function, in MB."
  default     = 128

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "reserved_concurrency" {
  type        = number
  description = "Concurrent executions reserved for (and capping) the function; 0 stops all invocations. Required: every function gets a cap."

  validation {
    condition     = var.reserved_concurrency >= 0 && floor(var.reserved_concurrency) == var.reserved_concurrency
    error_message = "reserved_concurrency must be a whole number, 0 or more."
  }
}

variable "ephemeral_storage_mb" {
  type        = number
  description = "Size of /tmp, in MB."
  default     = 512

  validation {
    condition     = var.ephemeral_storage_mb >= 512 && var.ephemeral_storage_mb <= 10240
    error_message = "ephemeral_storage_mb must be between 512 and 10240 MB."
  }
}

variable "layers" {
  type        = list(string)
  description = "ARNs of Lambda layer versions the function uses."
  default     = []

  validation {
    condition     = length(var.layers) <= 5
    error_message = "A function can use at most 5 layers."
  }
}

variable "environment_variables" {
  type        = map(string)
  description = "Environment variables of the function (encrypted with kms_key_arn); no environment block when empty."
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment_variables) : can(regex("^[a-zA-Z][a-zA-Z0-9_]*$", k))])
    error_message = "environment_variables keys must start with a letter and contain only letters, digits and '_'."
  }
}

variable "policy_json" {
  type        = string
  description = "IAM policy JSON with the function-specific statements (what the code calls); null if it needs none. The module adds log writing to its own log group, kms:Decrypt on kms_key_arn, X-Ray when tracing is on and sending to the dead-letter target (sids FunctionLogs, FunctionEnvironmentKey, FunctionTracing, FunctionDeadLetters)."
  default     = null

  validation {
    condition     = var.policy_json == null || can(jsondecode(var.policy_json).Statement)
    error_message = "policy_json must be an IAM policy document in JSON with a Statement (e.g. data.aws_iam_policy_document.x.json)."
  }

  validation {
    condition     = !can(regex("\"Sid\"\\s*:\\s*\"Function(Logs|EnvironmentKey|Tracing|DeadLetters)\"", var.policy_json))
    error_message = "policy_json must not use the sids FunctionLogs, FunctionEnvironmentKey, FunctionTracing or FunctionDeadLetters: the module's own statements use them."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the function's environment variables and its log group."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the function's log group, in days."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "tracing_enabled" {
  type        = bool
  description = "Active X-Ray tracing (and the X-Ray write permission); PassThrough when false."
  default     = true
}

variable "dead_letter_target_arn" {
  type        = string
  description = "SQS queue or SNS topic receiving events of asynchronous invocations that keep failing; the module grants sqs:SendMessage or sns:Publish on it. The caller grants any KMS key the target is encrypted with. Null: no dead-letter target (synchronous callers such as API Gateway and Cognito)."
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null || can(regex("^arn:aws[a-z-]*:(sqs|sns):", var.dead_letter_target_arn))
    error_message = "dead_letter_target_arn must be an SQS queue or SNS topic ARN."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the role, the log group and the function."
  default     = {}
}
