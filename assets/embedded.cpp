#include "assets/embedded.h"

namespace assets {

std::span<const uint8_t> embeddedProgram(std::string_view name) {
    for (const EmbeddedFile* f = kEmbeddedFiles; f->name; ++f)
        if (name == f->name) return f->data;
    return {};
}

std::vector<std::string_view> embeddedProgramNames() {
    std::vector<std::string_view> names;
    for (const EmbeddedFile* f = kEmbeddedFiles; f->name; ++f)
        names.push_back(f->name);
    return names;
}

} // namespace assets
