#include "memcard_dialog.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

#include "savestate_paths.h"

namespace app {

namespace {

constexpr int kIconScale = 2; // 16x16 icons shown at 32x32
// The source list: the console cards in savestate_paths.h cardOf order, then a card file.
constexpr int kFileSource = kConsoleCards;
constexpr int kRoleBlock = Qt::UserRole;
constexpr int kRoleFrame = Qt::UserRole + 1;

QIcon iconImage(const memcard::Title& title, int frame) {
    const auto rgba = title.iconRgba(frame);
    QImage image(reinterpret_cast<const uchar*>(rgba.data()), 16, 16, 16 * 4,
                 QImage::Format_RGBA8888);
    return QIcon(QPixmap::fromImage(image.scaled(16 * kIconScale, 16 * kIconScale)));
}

const char* kCardFilter = "Memory cards (*.mcd *.mcr *.gme *.vmp)";
const char* kSaveFilter = "Single saves (*.mcs *.psx *.psv)";

} // namespace

MemoryCardDialog::MemoryCardDialog(CardSlot::ConsoleAccess console, QString startDirectory,
                                   QWidget* parent)
    : QDialog(parent), console_(std::move(console)), directory_(std::move(startDirectory)) {
    setWindowTitle("Memory Card Manager");
    auto* outer = new QVBoxLayout(this);
    auto* columns = new QHBoxLayout;
    outer->addLayout(columns);
    message_ = new QLabel;
    message_->setStyleSheet("color: #c00000");
    message_->setWordWrap(true);
    outer->addWidget(message_);
    QVBoxLayout* middle = nullptr;
    for (int s = 0; s < 2; ++s) {
        Side& side = sides_[size_t(s)];
        auto* column = new QVBoxLayout;
        side.source = new QComboBox;
        for (int card = 0; card < kConsoleCards; ++card)
            side.source->addItem(QString::fromStdString("Memory card " + cardName(card) +
                                                        (card >= 2 ? " (multitap)" : "")));
        side.source->addItem("Card file...");
        side.status = new QLabel;
        side.list = new QListWidget;
        side.list->setIconSize(QSize(16 * kIconScale, 16 * kIconScale));
        side.list->setMinimumWidth(320);
        auto* buttons = new QHBoxLayout;
        side.del = new QPushButton("&Delete");
        side.import = new QPushButton("&Import...");
        side.exportSave = new QPushButton("&Export...");
        side.undo = new QPushButton("&Undo");
        side.saveCard = new QPushButton("Save card &as...");
        side.saveCard->setToolTip("Write the whole card to a file (.mcd, .mcr, .gme, .vmp)");
        for (QPushButton* b : {side.del, side.import, side.exportSave, side.undo, side.saveCard})
            buttons->addWidget(b);
        column->addWidget(side.source);
        column->addWidget(side.status);
        column->addWidget(side.list);
        column->addLayout(buttons);
        connect(side.source, &QComboBox::activated, this,
                [this, s](int index) { chooseSource(s, index); });
        connect(side.del, &QPushButton::clicked, this, [this, s] { deleteSelected(s); });
        connect(side.import, &QPushButton::clicked, this, [this, s] { importSave(s); });
        connect(side.exportSave, &QPushButton::clicked, this, [this, s] { exportSelected(s); });
        connect(side.undo, &QPushButton::clicked, this, [this, s] { undo(s); });
        connect(side.saveCard, &QPushButton::clicked, this, [this, s] { saveCardAs(s); });
        columns->addLayout(column);
        if (s == 0) {
            middle = new QVBoxLayout;
            middle->addStretch();
            auto add = [&](const char* text, int from, bool move) {
                auto* b = new QPushButton(text);
                connect(b, &QPushButton::clicked, this,
                        [this, from, move] { transfer(from, move); });
                middle->addWidget(b);
            };
            add("Copy \u2192", 0, false);
            add("Move \u2192", 0, true);
            add("\u2190 Copy", 1, false);
            add("\u2190 Move", 1, true);
            middle->addStretch();
            columns->addLayout(middle);
        }
    }
    chooseSource(0, 0);
    chooseSource(1, 1);
    // Icons animate in PAL frames ("changes every 16 PAL frames" / "every 11 PAL frames").
    connect(&animation_, &QTimer::timeout, this, [this] { advanceIcons(1); });
    animation_.start(20);
}

void MemoryCardDialog::openFile(int side, const QString& path) {
    Side& s = sides_[size_t(side)];
    s.filePath = path;
    s.slot = CardSlot::file(path.toStdString(), console_.gameRunning);
    s.source->setCurrentIndex(kFileSource);
    s.shown = kFileSource;
    refresh(side);
}

void MemoryCardDialog::chooseSource(int side, int index) {
    Side& s = sides_[size_t(side)];
    if (index == kFileSource) {
        const QString path = QFileDialog::getOpenFileName(this, "Open memory card", directory_,
                                                          QString(kCardFilter) + ";;All files (*)");
        if (path.isEmpty()) {
            s.source->setCurrentIndex(s.slot ? s.shown : side);
            return;
        }
        openFile(side, path);
        return;
    }
    s.slot = CardSlot::console(index, console_);
    s.source->setCurrentIndex(index);
    s.shown = index;
    refresh(side);
}

void MemoryCardDialog::refresh(int side) {
    Side& s = sides_[size_t(side)];
    s.list->clear();
    std::string error;
    if (s.slot && !s.slot->loaded() && !s.slot->load(error)) {
        s.status->setText(QString::fromStdString(s.slot->name() + ": " + error));
        report(false, s.slot->name() + ": " + error);
    } else if (s.slot) {
        const memcard::Card& card = s.slot->card();
        for (const memcard::SaveInfo& save : card.saves()) {
            QString text = QString::fromStdString(save.title.text) + "\n" +
                           QString::fromStdString(save.filename) +
                           QString("  \u00b7  %1 block%2")
                               .arg(save.blocks.size())
                               .arg(save.blocks.size() == 1 ? "" : "s");
            if (!save.damage.empty())
                text += "  \u00b7  damaged: " + QString::fromStdString(save.damage);
            const int per = save.title.palFramesPerIcon();
            const int frame =
                per ? int((tick_ / unsigned(per)) % unsigned(save.title.iconFrames())) : 0;
            auto* item = new QListWidgetItem(iconImage(save.title, frame), text);
            item->setData(kRoleBlock, save.firstBlock);
            item->setData(kRoleFrame, frame);
            s.list->addItem(item);
        }
        s.status->setText(QString("%1  \u2014  %2 of 15 blocks free")
                              .arg(QString::fromStdString(s.slot->name()))
                              .arg(card.freeBlocks()));
    }
    s.undo->setEnabled(s.slot && s.slot->canUndo());
}

void MemoryCardDialog::advanceIcons(unsigned palFrames) {
    tick_ += palFrames;
    for (Side& s : sides_) {
        if (!s.slot || !s.slot->loaded()) continue;
        for (int i = 0; i < s.list->count(); ++i) {
            QListWidgetItem* item = s.list->item(i);
            const auto save = s.slot->card().save(item->data(kRoleBlock).toInt());
            if (!save || save->title.palFramesPerIcon() == 0) continue;
            const unsigned per = unsigned(save->title.palFramesPerIcon());
            const int frame = int((tick_ / per) % unsigned(save->title.iconFrames()));
            if (frame == item->data(kRoleFrame).toInt()) continue;
            item->setIcon(iconImage(save->title, frame));
            item->setData(kRoleFrame, frame);
        }
    }
}

int MemoryCardDialog::selectedBlock(int side) const {
    const QListWidgetItem* item = sides_[size_t(side)].list->currentItem();
    return item ? item->data(kRoleBlock).toInt() : 0;
}

void MemoryCardDialog::report(bool ok, const std::string& error) {
    message_->setText(ok ? QString() : QString::fromStdString(error));
}

void MemoryCardDialog::select(int side, int row) {
    sides_[size_t(side)].list->setCurrentRow(row);
}

int MemoryCardDialog::iconFrameShown(int side, int row) const {
    const QListWidgetItem* item = sides_[size_t(side)].list->item(row);
    return item ? item->data(kRoleFrame).toInt() : -1;
}

QString MemoryCardDialog::lastError() const {
    return message_->text();
}

void MemoryCardDialog::transfer(int from, bool move) {
    Side& a = sides_[size_t(from)];
    Side& b = sides_[size_t(1 - from)];
    if (!a.slot || !b.slot) return;
    const int block = selectedBlock(from);
    if (block == 0) return;
    std::string error;
    report(copyBetween(*a.slot, block, *b.slot, move, error), error);
    refresh(0);
    refresh(1);
}

void MemoryCardDialog::deleteSelected(int side) {
    Side& s = sides_[size_t(side)];
    const int block = selectedBlock(side);
    if (!s.slot || block == 0) return;
    std::string error;
    report(deleteFrom(*s.slot, block, error), error);
    refresh(side);
}

void MemoryCardDialog::importSave(int side) {
    Side& s = sides_[size_t(side)];
    if (!s.slot) return;
    const QString path = QFileDialog::getOpenFileName(this, "Import save", directory_,
                                                      QString(kSaveFilter) + ";;All files (*)");
    if (path.isEmpty()) return;
    std::string error;
    report(importInto(*s.slot, path.toStdString(), error), error);
    refresh(side);
}

void MemoryCardDialog::exportSelected(int side) {
    Side& s = sides_[size_t(side)];
    const int block = selectedBlock(side);
    if (!s.slot || block == 0) return;
    const auto save = s.slot->card().save(block);
    const QString name = save ? QString::fromStdString(save->filename) + ".mcs" : "save.mcs";
    const QString path =
        QFileDialog::getSaveFileName(this, "Export save", directory_ + "/" + name, kSaveFilter);
    if (path.isEmpty()) return;
    std::string error;
    report(exportFrom(*s.slot, block, path.toStdString(), error), error);
}

void MemoryCardDialog::saveCardAs(int side) {
    Side& s = sides_[size_t(side)];
    if (!s.slot || !s.slot->loaded()) return;
    const QString path =
        QFileDialog::getSaveFileName(this, "Save card as", directory_, kCardFilter);
    if (path.isEmpty()) return;
    std::string error;
    report(memcard::writeCardFile(path.toStdString(), s.slot->card(), error), error);
}

void MemoryCardDialog::undo(int side) {
    Side& s = sides_[size_t(side)];
    if (!s.slot) return;
    std::string error;
    report(s.slot->undo(error), error);
    refresh(side);
}

QStringList MemoryCardDialog::listed(int side) const {
    QStringList out;
    const Side& s = sides_[size_t(side)];
    if (!s.slot || !s.slot->loaded()) return out;
    for (const memcard::SaveInfo& save : s.slot->card().saves())
        out << QString("%1 | %2 | %3")
                   .arg(QString::fromStdString(save.title.text),
                        QString::fromStdString(save.filename))
                   .arg(save.blocks.size());
    return out;
}

} // namespace app
