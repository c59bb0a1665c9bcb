# Development (= staging) state: its own key in the shared state bucket, encrypted, S3-native
# locking (Terraform >= 1.11). No other root reads it.
terraform {
  backend "s3" {
    bucket       = "phenom-terraform-state"
    key          = "development/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }
}
