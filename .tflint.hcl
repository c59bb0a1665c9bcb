# tflint for every Terraform directory (run per directory by `npm run hcl`).
# Only the bundled terraform ruleset: the machine and CI have no network for other plugins.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# Beyond "recommended": every variable and output documented and typed, file layout standard.
rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_typed_variables" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}
