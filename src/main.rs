fn main() -> std::process::ExitCode {
    counterpart::cli::main()
}
