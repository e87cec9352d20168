#include "presenter.h"

#include <QVulkanDeviceFunctions>
#include <QVulkanFunctions>
#include <cstring>

namespace app {

namespace {

const uint32_t kVertSpv[] =
#include "present.vert.inc"
    ;
const uint32_t kFragSpv[] =
#include "present.frag.inc"
    ;

struct PushConstants {
    float texSize[2];
    float outSize[2];
    int32_t filterMode;
};

// A sampled RGBA8 texture with one host-visible staging buffer per frame in flight, so a
// new upload never overwrites data an earlier, still executing frame copies from.
struct Texture {
    VkImage image = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    VkDescriptorSet set = VK_NULL_HANDLE;
    int width = 0;
    int height = 0;
    bool shaderReadable = false; // layout is SHADER_READ_ONLY_OPTIMAL with valid contents
    VkBuffer staging[QVulkanWindow::MAX_CONCURRENT_FRAME_COUNT] = {};
    VkDeviceMemory stagingMemory[QVulkanWindow::MAX_CONCURRENT_FRAME_COUNT] = {};
    void* mapped[QVulkanWindow::MAX_CONCURRENT_FRAME_COUNT] = {};
    int pendingCopy = -1; // staging slot to copy from in this frame's command buffer
};

} // namespace

class PresenterRenderer : public QVulkanWindowRenderer {
  public:
    explicit PresenterRenderer(PresenterWindow* window) : w_(window) {}

    void initResources() override;
    void releaseResources() override;
    void startNextFrame() override;

  private:
    uint32_t memoryType(uint32_t typeBits, VkMemoryPropertyFlags flags) const;
    bool ensureTexture(Texture& tex, int width, int height);
    void destroyTexture(Texture& tex);
    void recordUpload(VkCommandBuffer cb, Texture& tex);
    void drawTexture(VkCommandBuffer cb, const Texture& tex, VkPipeline pipeline,
                     const ViewRect& rect, ScaleFilter filter);
    VkPipeline createPipeline(VkShaderModule vert, VkShaderModule frag, bool blend);
    void fail(const QString& what);

    PresenterWindow* w_;
    QVulkanDeviceFunctions* df_ = nullptr;
    QVulkanFunctions* f_ = nullptr;
    VkDevice dev_ = VK_NULL_HANDLE;
    VkSampler sampler_ = VK_NULL_HANDLE;
    VkDescriptorSetLayout setLayout_ = VK_NULL_HANDLE;
    VkDescriptorPool pool_ = VK_NULL_HANDLE;
    VkPipelineLayout pipelineLayout_ = VK_NULL_HANDLE;
    VkPipeline framePipeline_ = VK_NULL_HANDLE;
    VkPipeline overlayPipeline_ = VK_NULL_HANDLE;
    Texture frame_;
    Texture overlay_;
    bool frameVisible_ = false;
    uint64_t seenSerial_ = 0;
    uint64_t shownFrame_ = 0;
    bool failed_ = false;
    int64_t overlayPaintedNs_ = 0;
};

PresenterWindow::PresenterWindow(FrameMailbox& mailbox, FrameTimeline& timeline)
    : mailbox_(mailbox), timeline_(timeline) {
    // Plain UNORM targets: the emulated frame's bytes reach the screen unchanged.
    setPreferredColorFormats({VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_R8G8B8A8_UNORM});
}

QVulkanWindowRenderer* PresenterWindow::createRenderer() {
    return new PresenterRenderer(this);
}

void PresenterWindow::setFilter(ScaleFilter filter) {
    filter_ = filter;
    requestUpdate();
}

void PresenterWindow::setAspect(AspectMode aspect) {
    aspect_ = aspect;
    requestUpdate();
}

void PresenterWindow::setOverlayVisible(bool visible) {
    overlayVisible_ = visible;
    requestUpdate();
}

void PresenterRenderer::fail(const QString& what) {
    if (!failed_) {
        failed_ = true;
        Q_EMIT w_->rendererFailed(what);
    }
}

uint32_t PresenterRenderer::memoryType(uint32_t typeBits, VkMemoryPropertyFlags flags) const {
    VkPhysicalDeviceMemoryProperties props;
    f_->vkGetPhysicalDeviceMemoryProperties(w_->physicalDevice(), &props);
    for (uint32_t i = 0; i < props.memoryTypeCount; ++i)
        if ((typeBits & (1u << i)) && (props.memoryTypes[i].propertyFlags & flags) == flags)
            return i;
    return UINT32_MAX;
}

VkPipeline PresenterRenderer::createPipeline(VkShaderModule vert, VkShaderModule frag, bool blend) {
    VkPipelineShaderStageCreateInfo stages[2] = {};
    stages[0].sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    stages[0].stage = VK_SHADER_STAGE_VERTEX_BIT;
    stages[0].module = vert;
    stages[0].pName = "main";
    stages[1] = stages[0];
    stages[1].stage = VK_SHADER_STAGE_FRAGMENT_BIT;
    stages[1].module = frag;

    VkPipelineVertexInputStateCreateInfo vertexInput = {};
    vertexInput.sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO;
    VkPipelineInputAssemblyStateCreateInfo assembly = {};
    assembly.sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO;
    assembly.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP;
    VkPipelineViewportStateCreateInfo viewport = {};
    viewport.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO;
    viewport.viewportCount = 1;
    viewport.scissorCount = 1;
    VkPipelineRasterizationStateCreateInfo raster = {};
    raster.sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO;
    raster.polygonMode = VK_POLYGON_MODE_FILL;
    raster.cullMode = VK_CULL_MODE_NONE;
    raster.lineWidth = 1.0f;
    VkPipelineMultisampleStateCreateInfo ms = {};
    ms.sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO;
    ms.rasterizationSamples = w_->sampleCountFlagBits();
    VkPipelineDepthStencilStateCreateInfo ds = {};
    ds.sType = VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO;
    VkPipelineColorBlendAttachmentState att = {};
    att.colorWriteMask = 0xF;
    if (blend) {
        // The overlay image is premultiplied (QImage::Format_RGBA8888_Premultiplied).
        att.blendEnable = VK_TRUE;
        att.srcColorBlendFactor = VK_BLEND_FACTOR_ONE;
        att.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        att.colorBlendOp = VK_BLEND_OP_ADD;
        att.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        att.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        att.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    VkPipelineColorBlendStateCreateInfo cb = {};
    cb.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO;
    cb.attachmentCount = 1;
    cb.pAttachments = &att;
    VkDynamicState dynStates[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dyn = {};
    dyn.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO;
    dyn.dynamicStateCount = 2;
    dyn.pDynamicStates = dynStates;

    VkGraphicsPipelineCreateInfo info = {};
    info.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO;
    info.stageCount = 2;
    info.pStages = stages;
    info.pVertexInputState = &vertexInput;
    info.pInputAssemblyState = &assembly;
    info.pViewportState = &viewport;
    info.pRasterizationState = &raster;
    info.pMultisampleState = &ms;
    info.pDepthStencilState = &ds;
    info.pColorBlendState = &cb;
    info.pDynamicState = &dyn;
    info.layout = pipelineLayout_;
    info.renderPass = w_->defaultRenderPass();
    VkPipeline pipeline = VK_NULL_HANDLE;
    if (df_->vkCreateGraphicsPipelines(dev_, VK_NULL_HANDLE, 1, &info, nullptr, &pipeline) !=
        VK_SUCCESS)
        return VK_NULL_HANDLE;
    return pipeline;
}

void PresenterRenderer::initResources() {
    dev_ = w_->device();
    df_ = w_->vulkanInstance()->deviceFunctions(dev_);
    f_ = w_->vulkanInstance()->functions();

    VkSamplerCreateInfo si = {};
    si.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO;
    si.magFilter = VK_FILTER_LINEAR;
    si.minFilter = VK_FILTER_LINEAR;
    si.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    si.addressModeU = si.addressModeV = si.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    si.maxLod = 0.25f;
    if (df_->vkCreateSampler(dev_, &si, nullptr, &sampler_) != VK_SUCCESS)
        return fail("vkCreateSampler failed");

    VkDescriptorSetLayoutBinding binding = {};
    binding.binding = 0;
    binding.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    binding.descriptorCount = 1;
    binding.stageFlags = VK_SHADER_STAGE_FRAGMENT_BIT;
    VkDescriptorSetLayoutCreateInfo li = {};
    li.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    li.bindingCount = 1;
    li.pBindings = &binding;
    if (df_->vkCreateDescriptorSetLayout(dev_, &li, nullptr, &setLayout_) != VK_SUCCESS)
        return fail("vkCreateDescriptorSetLayout failed");

    VkDescriptorPoolSize poolSize = {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 2};
    VkDescriptorPoolCreateInfo pi = {};
    pi.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    pi.maxSets = 2;
    pi.poolSizeCount = 1;
    pi.pPoolSizes = &poolSize;
    if (df_->vkCreateDescriptorPool(dev_, &pi, nullptr, &pool_) != VK_SUCCESS)
        return fail("vkCreateDescriptorPool failed");
    VkDescriptorSetLayout layouts[2] = {setLayout_, setLayout_};
    VkDescriptorSet sets[2];
    VkDescriptorSetAllocateInfo ai = {};
    ai.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    ai.descriptorPool = pool_;
    ai.descriptorSetCount = 2;
    ai.pSetLayouts = layouts;
    if (df_->vkAllocateDescriptorSets(dev_, &ai, sets) != VK_SUCCESS)
        return fail("vkAllocateDescriptorSets failed");
    frame_.set = sets[0];
    overlay_.set = sets[1];

    VkPushConstantRange range = {VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(PushConstants)};
    VkPipelineLayoutCreateInfo pli = {};
    pli.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    pli.setLayoutCount = 1;
    pli.pSetLayouts = &setLayout_;
    pli.pushConstantRangeCount = 1;
    pli.pPushConstantRanges = &range;
    if (df_->vkCreatePipelineLayout(dev_, &pli, nullptr, &pipelineLayout_) != VK_SUCCESS)
        return fail("vkCreatePipelineLayout failed");

    auto module = [&](const uint32_t* code, size_t bytes) {
        VkShaderModuleCreateInfo mi = {};
        mi.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
        mi.codeSize = bytes;
        mi.pCode = code;
        VkShaderModule m = VK_NULL_HANDLE;
        df_->vkCreateShaderModule(dev_, &mi, nullptr, &m);
        return m;
    };
    VkShaderModule vert = module(kVertSpv, sizeof(kVertSpv));
    VkShaderModule frag = module(kFragSpv, sizeof(kFragSpv));
    if (vert && frag) {
        framePipeline_ = createPipeline(vert, frag, false);
        overlayPipeline_ = createPipeline(vert, frag, true);
    }
    if (vert) df_->vkDestroyShaderModule(dev_, vert, nullptr);
    if (frag) df_->vkDestroyShaderModule(dev_, frag, nullptr);
    if (!framePipeline_ || !overlayPipeline_) return fail("creating the present pipelines failed");
}

void PresenterRenderer::destroyTexture(Texture& tex) {
    for (int i = 0; i < QVulkanWindow::MAX_CONCURRENT_FRAME_COUNT; ++i) {
        if (tex.staging[i]) df_->vkDestroyBuffer(dev_, tex.staging[i], nullptr);
        if (tex.stagingMemory[i]) df_->vkFreeMemory(dev_, tex.stagingMemory[i], nullptr);
        tex.staging[i] = VK_NULL_HANDLE;
        tex.stagingMemory[i] = VK_NULL_HANDLE;
        tex.mapped[i] = nullptr;
    }
    if (tex.view) df_->vkDestroyImageView(dev_, tex.view, nullptr);
    if (tex.image) df_->vkDestroyImage(dev_, tex.image, nullptr);
    if (tex.memory) df_->vkFreeMemory(dev_, tex.memory, nullptr);
    tex.view = VK_NULL_HANDLE;
    tex.image = VK_NULL_HANDLE;
    tex.memory = VK_NULL_HANDLE;
    tex.width = tex.height = 0;
    tex.shaderReadable = false;
    tex.pendingCopy = -1;
}

bool PresenterRenderer::ensureTexture(Texture& tex, int width, int height) {
    if (tex.image && tex.width == width && tex.height == height) return true;
    if (tex.image) {
        // Frames in flight may still sample the old image; a size change is rare.
        df_->vkDeviceWaitIdle(dev_);
        destroyTexture(tex);
    }
    VkImageCreateInfo ii = {};
    ii.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO;
    ii.imageType = VK_IMAGE_TYPE_2D;
    ii.format = VK_FORMAT_R8G8B8A8_UNORM;
    ii.extent = {uint32_t(width), uint32_t(height), 1};
    ii.mipLevels = 1;
    ii.arrayLayers = 1;
    ii.samples = VK_SAMPLE_COUNT_1_BIT;
    ii.tiling = VK_IMAGE_TILING_OPTIMAL;
    ii.usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    ii.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    if (df_->vkCreateImage(dev_, &ii, nullptr, &tex.image) != VK_SUCCESS) return false;
    VkMemoryRequirements req;
    df_->vkGetImageMemoryRequirements(dev_, tex.image, &req);
    VkMemoryAllocateInfo mai = {};
    mai.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    mai.allocationSize = req.size;
    mai.memoryTypeIndex = memoryType(req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    if (mai.memoryTypeIndex == UINT32_MAX) mai.memoryTypeIndex = memoryType(req.memoryTypeBits, 0);
    if (df_->vkAllocateMemory(dev_, &mai, nullptr, &tex.memory) != VK_SUCCESS) return false;
    df_->vkBindImageMemory(dev_, tex.image, tex.memory, 0);

    VkImageViewCreateInfo vi = {};
    vi.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO;
    vi.image = tex.image;
    vi.viewType = VK_IMAGE_VIEW_TYPE_2D;
    vi.format = VK_FORMAT_R8G8B8A8_UNORM;
    vi.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    if (df_->vkCreateImageView(dev_, &vi, nullptr, &tex.view) != VK_SUCCESS) return false;

    const VkDeviceSize bytes = VkDeviceSize(width) * height * 4;
    for (int i = 0; i < w_->concurrentFrameCount(); ++i) {
        VkBufferCreateInfo bi = {};
        bi.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
        bi.size = bytes;
        bi.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
        if (df_->vkCreateBuffer(dev_, &bi, nullptr, &tex.staging[i]) != VK_SUCCESS) return false;
        VkMemoryRequirements breq;
        df_->vkGetBufferMemoryRequirements(dev_, tex.staging[i], &breq);
        VkMemoryAllocateInfo bai = {};
        bai.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
        bai.allocationSize = breq.size;
        bai.memoryTypeIndex =
            memoryType(breq.memoryTypeBits,
                       VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
        if (bai.memoryTypeIndex == UINT32_MAX ||
            df_->vkAllocateMemory(dev_, &bai, nullptr, &tex.stagingMemory[i]) != VK_SUCCESS)
            return false;
        df_->vkBindBufferMemory(dev_, tex.staging[i], tex.stagingMemory[i], 0);
        df_->vkMapMemory(dev_, tex.stagingMemory[i], 0, bytes, 0, &tex.mapped[i]);
    }
    tex.width = width;
    tex.height = height;

    VkDescriptorImageInfo di = {sampler_, tex.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet wr = {};
    wr.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
    wr.dstSet = tex.set;
    wr.descriptorCount = 1;
    wr.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    wr.pImageInfo = &di;
    df_->vkUpdateDescriptorSets(dev_, 1, &wr, 0, nullptr);
    return true;
}

void PresenterRenderer::recordUpload(VkCommandBuffer cb, Texture& tex) {
    if (tex.pendingCopy < 0) return;
    VkImageMemoryBarrier b = {};
    b.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER;
    b.srcAccessMask = tex.shaderReadable ? VK_ACCESS_SHADER_READ_BIT : 0;
    b.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    // The whole image is replaced, so its old contents need not be kept.
    b.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    b.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = tex.image;
    b.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    df_->vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT,
                              VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, nullptr, 0, nullptr, 1, &b);
    VkBufferImageCopy copy = {};
    copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    copy.imageExtent = {uint32_t(tex.width), uint32_t(tex.height), 1};
    df_->vkCmdCopyBufferToImage(cb, tex.staging[tex.pendingCopy], tex.image,
                                VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
    b.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    b.dstAccessMask = VK_ACCESS_SHADER_READ_BIT;
    b.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    b.newLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
    df_->vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT,
                              VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, 0, 0, nullptr, 0, nullptr, 1,
                              &b);
    tex.pendingCopy = -1;
    tex.shaderReadable = true;
}

void PresenterRenderer::drawTexture(VkCommandBuffer cb, const Texture& tex, VkPipeline pipeline,
                                    const ViewRect& rect, ScaleFilter filter) {
    if (rect.size.x <= 0 || rect.size.y <= 0) return;
    VkViewport vp = {float(rect.origin.x),
                     float(rect.origin.y),
                     float(rect.size.x),
                     float(rect.size.y),
                     0.0f,
                     1.0f};
    df_->vkCmdSetViewport(cb, 0, 1, &vp);
    // The viewport may hang over the framebuffer (integer scaling in a small window).
    const QSize fb = w_->swapChainImageSize();
    const int x0 = std::max(rect.origin.x, 0), y0 = std::max(rect.origin.y, 0);
    const int x1 = std::min(rect.origin.x + rect.size.x, fb.width());
    const int y1 = std::min(rect.origin.y + rect.size.y, fb.height());
    if (x1 <= x0 || y1 <= y0) return;
    VkRect2D scissor = {{x0, y0}, {uint32_t(x1 - x0), uint32_t(y1 - y0)}};
    df_->vkCmdSetScissor(cb, 0, 1, &scissor);
    df_->vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
    df_->vkCmdBindDescriptorSets(cb, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelineLayout_, 0, 1,
                                 &tex.set, 0, nullptr);
    PushConstants pc = {{float(tex.width), float(tex.height)},
                        {float(rect.size.x), float(rect.size.y)},
                        int32_t(filter)};
    df_->vkCmdPushConstants(cb, pipelineLayout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(pc), &pc);
    df_->vkCmdDraw(cb, 4, 1, 0, 0);
}

void PresenterRenderer::startNextFrame() {
    const int64_t t0 = hostNowNs();
    const int slot = w_->currentFrame();
    VkCommandBuffer cb = w_->currentCommandBuffer();
    bool newFrame = false;
    uint64_t frameNumber = 0;

    if (!failed_) {
        w_->mailbox_.consume(seenSerial_, [&](const DisplayFrame& f) {
            newFrame = true;
            frameNumber = f.frame;
            frameVisible_ = f.displayOn && f.width > 0 && f.height > 0;
            if (!frameVisible_) return;
            if (!ensureTexture(frame_, int(f.width), int(f.height))) {
                frameVisible_ = false;
                return fail("could not allocate the frame texture");
            }
            std::memcpy(frame_.mapped[slot], f.rgba.data(), size_t(f.width) * f.height * 4);
            frame_.pendingCopy = slot;
        });
    }
    const QSize fbSize = w_->swapChainImageSize();
    // The overlay is repainted at most every 50 ms (its figures are read at that pace
    // anyway); between repaints the texture from the last one is drawn again.
    bool overlayShown = false;
    int64_t overlayNs = 0;
    if (!failed_ && w_->overlayVisible_ && w_->overlayPainter_) {
        const int64_t now = hostNowNs();
        if (!overlay_.shaderReadable || now - overlayPaintedNs_ >= 50'000'000) {
            overlayPaintedNs_ = now;
            QImage img = w_->overlayPainter_(fbSize, w_->devicePixelRatio());
            // The overlay's own painting is not the frame's render time.
            overlayNs = hostNowNs() - now;
            if (!img.isNull()) {
                img = img.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
                if (ensureTexture(overlay_, img.width(), img.height())) {
                    for (int y = 0; y < img.height(); ++y)
                        std::memcpy(static_cast<uint8_t*>(overlay_.mapped[slot]) +
                                        size_t(y) * img.width() * 4,
                                    img.constScanLine(y), size_t(img.width()) * 4);
                    overlay_.pendingCopy = slot;
                }
            }
        }
        overlayShown = overlay_.image != VK_NULL_HANDLE;
    }

    if (frame_.pendingCopy >= 0) recordUpload(cb, frame_);
    if (overlay_.pendingCopy >= 0) recordUpload(cb, overlay_);

    VkClearValue clear[3] = {};
    clear[0].color = {{0.0f, 0.0f, 0.0f, 1.0f}};
    clear[1].depthStencil = {1.0f, 0};
    clear[2].color = clear[0].color;
    VkRenderPassBeginInfo rp = {};
    rp.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
    rp.renderPass = w_->defaultRenderPass();
    rp.framebuffer = w_->currentFramebuffer();
    rp.renderArea.extent = {uint32_t(fbSize.width()), uint32_t(fbSize.height())};
    rp.clearValueCount = w_->sampleCountFlagBits() > VK_SAMPLE_COUNT_1_BIT ? 3 : 2;
    rp.pClearValues = clear;
    df_->vkCmdBeginRenderPass(cb, &rp, VK_SUBPASS_CONTENTS_INLINE);
    if (frameVisible_ && frame_.shaderReadable) {
        const ViewRect rect = computeViewport({fbSize.width(), fbSize.height()},
                                              {frame_.width, frame_.height}, w_->aspect());
        drawTexture(cb, frame_, framePipeline_, rect, w_->filter());
    }
    if (overlayShown && overlay_.shaderReadable) {
        ViewRect rect;
        rect.size = {overlay_.width, overlay_.height};
        drawTexture(cb, overlay_, overlayPipeline_, rect, ScaleFilter::Nearest);
    }
    df_->vkCmdEndRenderPass(cb);
    w_->frameReady();

    if (newFrame) {
        shownFrame_ = frameNumber;
        w_->presentedFrame_ = frameNumber;
        w_->frameWidth_ = frameVisible_ ? frame_.width : 0;
        w_->frameHeight_ = frameVisible_ ? frame_.height : 0;
        w_->timeline_.recordPresented(frameNumber, float(hostNowNs() - t0 - overlayNs) / 1e6f,
                                      hostNowNs());
        Q_EMIT w_->presented(frameNumber);
    }
}

void PresenterRenderer::releaseResources() {
    if (!df_) return;
    destroyTexture(frame_);
    destroyTexture(overlay_);
    if (framePipeline_) df_->vkDestroyPipeline(dev_, framePipeline_, nullptr);
    if (overlayPipeline_) df_->vkDestroyPipeline(dev_, overlayPipeline_, nullptr);
    if (pipelineLayout_) df_->vkDestroyPipelineLayout(dev_, pipelineLayout_, nullptr);
    if (pool_) df_->vkDestroyDescriptorPool(dev_, pool_, nullptr);
    if (setLayout_) df_->vkDestroyDescriptorSetLayout(dev_, setLayout_, nullptr);
    if (sampler_) df_->vkDestroySampler(dev_, sampler_, nullptr);
    framePipeline_ = overlayPipeline_ = VK_NULL_HANDLE;
    pipelineLayout_ = VK_NULL_HANDLE;
    pool_ = VK_NULL_HANDLE;
    setLayout_ = VK_NULL_HANDLE;
    sampler_ = VK_NULL_HANDLE;
    frame_.set = overlay_.set = VK_NULL_HANDLE;
    seenSerial_ = 0; // re-upload the latest frame after a device loss
    frameVisible_ = false;
}

} // namespace app
