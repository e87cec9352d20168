#include <cstdio>
int main() {
    std::puts("skipjack-cli: placeholder");
    return 0;
}
