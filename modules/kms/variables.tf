variable "name" {
  type        = string
  description = "Name prefix; the key alias is alias/<name>."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,200}$", var.name))
    error_message = "name may contain letters, digits, '/', '_' and '-' only."
  }
}

variable "deletion_window_in_days" {
  type        = number
  description = "Waiting period before a deleted key is destroyed, in days."
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
