variable "environment" {
  description = "The environment: dev (branch dev) or production (branch main)."
  type        = string

  validation {
    condition     = contains(["dev", "production"], var.environment)
    error_message = "The environment must be dev or production."
  }
}

variable "aws_region" {
  description = "The AWS region of this environment's resources."
  type        = string
}

variable "aws_account_id" {
  description = "The AWS account of this environment; the provider refuses any other."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "The AWS account ID is 12 digits."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted object version is kept in the data bucket."
  type        = number
  default     = 90
}

variable "force_destroy" {
  description = "Whether destroying the data bucket also deletes its objects (dev only)."
  type        = bool
  default     = false
}
