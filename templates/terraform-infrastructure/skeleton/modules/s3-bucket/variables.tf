variable "bucket_name" {
  description = "Globally unique bucket name: 3 to 63 lower-case letters, digits, hyphens and dots."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) && !strcontains(var.bucket_name, "..")
    error_message = "The bucket name must be 3 to 63 lower-case letters, digits, hyphens and dots, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "KMS key for server-side encryption; null uses the account's AWS managed key aws/s3."
  type        = string
  default     = null
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted object version is kept before it expires."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "Keep noncurrent versions for at least one day."
  }
}

variable "force_destroy" {
  description = "Whether destroying the bucket also deletes every object in it."
  type        = bool
  default     = false
}
