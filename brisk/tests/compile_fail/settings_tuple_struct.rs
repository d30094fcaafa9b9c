use brisk::Settings;

#[derive(Settings)]
struct Config(String);

fn main() {}
