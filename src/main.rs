fn main() {
    haowu::boot::start();
}
