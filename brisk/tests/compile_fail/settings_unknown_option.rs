use brisk::Settings;

#[derive(Settings)]
#[settings(env_prefx = "APP_")]
struct Config {
    name: String,
}

fn main() {}
