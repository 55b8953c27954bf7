output "environment" {
  description = "The environment this state belongs to."
  value       = var.environment
}

output "data_bucket_name" {
  description = "Name of the data bucket."
  value       = module.data_bucket.bucket_name
}

output "data_bucket_arn" {
  description = "ARN of the data bucket, for IAM policies."
  value       = module.data_bucket.bucket_arn
}
