#include "savestate_menu.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QProxyStyle>
#include <QSpinBox>
#include <vector>

#include "savestate/state_file.h"
#include "savestate_paths.h"

namespace app {

namespace {
// Menus draw icons at the style's small icon size (16 pixels): too small for a thumbnail.
class ThumbnailMenuStyle : public QProxyStyle {
  public:
    int pixelMetric(PixelMetric metric, const QStyleOption* option,
                    const QWidget* widget) const override {
        if (metric == PM_SmallIconSize) return 40;
        return QProxyStyle::pixelMetric(metric, option, widget);
    }
};

struct SlotInfo {
    bool exists = false;
    bool valid = false;
    QString when;
    QString error;
    uint64_t frame = 0;
    QIcon icon;
};

SlotInfo readSlot(const QString& path) {
    SlotInfo s;
    QFile f(path);
    if (!f.exists()) return s;
    s.exists = true;
    s.when = QFileInfo(path).lastModified().toString("yyyy-MM-dd hh:mm:ss");
    if (!f.open(QIODevice::ReadOnly)) {
        s.error = f.errorString();
        return s;
    }
    // The header (with the 160-pixel thumbnail) is at the start: no need for the whole state.
    QByteArray head = f.read(512 * 1024);
    savestate::StateFileInfo info;
    std::string error;
    auto bytes = [](const QByteArray& b) {
        return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(b.constData()),
                                        size_t(b.size()));
    };
    bool ok = savestate::readStateFileInfo(bytes(head), info, error);
    if (!ok && !f.atEnd()) {
        head += f.readAll();
        ok = savestate::readStateFileInfo(bytes(head), info, error);
    }
    if (!ok) {
        s.error = QString::fromStdString(error);
        return s;
    }
    s.valid = true;
    s.frame = info.frame;
    if (info.thumbWidth && info.thumbHeight &&
        info.thumbnail.size() >= size_t(info.thumbWidth) * info.thumbHeight * 4) {
        QImage img(info.thumbnail.data(), int(info.thumbWidth), int(info.thumbHeight),
                   int(info.thumbWidth) * 4, QImage::Format_RGBA8888);
        s.icon = QIcon(QPixmap::fromImage(img.copy()));
    }
    return s;
}
} // namespace

SavestateMenu::SavestateMenu(QWidget* parent) : QMenu("Savesta&tes", parent) {
    thumbStyle_ = new ThumbnailMenuStyle;
    thumbStyle_->setParent(this);
    setStyle(thumbStyle_);
    connect(this, &QMenu::aboutToShow, this, &SavestateMenu::rebuild);
    rebuild();
}

void SavestateMenu::setGame(const QString& appData, const std::string& gameId, bool running) {
    appData_ = appData;
    gameId_ = gameId;
    running_ = running;
}

void SavestateMenu::setCurrentSlot(int slot) {
    slot_ = slot;
}

QString SavestateMenu::shortcutText(Hotkey h) const {
    if (!settings_) return {};
    const QKeySequence& k = settings_->hotkeys[int(h)];
    return k.isEmpty() ? QString() : "\t" + k.toString(QKeySequence::NativeText);
}

void SavestateMenu::rebuild() {
    clear();
    const bool on = running_;
    addAction(QString("&Quick-save to slot %1").arg(slot_) + shortcutText(Hotkey::QuickSave), this,
              [this] { Q_EMIT saveRequested(slot_); })
        ->setEnabled(on);
    addAction(QString("Quick-&load slot %1").arg(slot_) + shortcutText(Hotkey::QuickLoad), this,
              [this] { Q_EMIT loadRequested(slot_); })
        ->setEnabled(on);
    addAction("&Next slot" + shortcutText(Hotkey::NextSlot), this,
              [this] { Q_EMIT slotSelected(stepSlot(slot_, 1)); });
    addAction("&Previous slot" + shortcutText(Hotkey::PreviousSlot), this,
              [this] { Q_EMIT slotSelected(stepSlot(slot_, -1)); });
    addSeparator();

    // The slots of this game: choosing one selects it; the submenus act on a slot directly.
    // Kept across rebuilds (clear() removes actions, not the submenu widgets).
    if (!loadMenu_) {
        loadMenu_ = new QMenu("Load from slot", this);
        loadMenu_->setStyle(thumbStyle_);
    }
    if (!saveMenu_) {
        saveMenu_ = new QMenu("Save to slot", this);
        saveMenu_->setStyle(thumbStyle_);
    }
    loadMenu_->clear();
    saveMenu_->clear();
    QMenu* loadMenu = loadMenu_;
    QMenu* saveMenu = saveMenu_;
    for (int slot = 0; slot < kQuickSaveSlots; ++slot) {
        SlotInfo info;
        if (on && !appData_.isEmpty())
            info = readSlot(
                QString::fromStdString(slotFilePath(appData_.toStdString(), gameId_, slot)));
        QString text = QString("Slot &%1: ").arg(slot);
        if (!info.exists)
            text += "empty";
        else if (!info.valid)
            text += QString("damaged (%1)").arg(info.error);
        else
            text += QString("%1, frame %2").arg(info.when).arg(info.frame);
        QAction* a = addAction(info.icon, text, this, [this, slot] { Q_EMIT slotSelected(slot); });
        a->setCheckable(true);
        a->setChecked(slot == slot_);
        a->setEnabled(on);
        QAction* l = loadMenu->addAction(info.icon, text, this,
                                         [this, slot] { Q_EMIT loadRequested(slot); });
        l->setEnabled(on && info.valid);
        saveMenu->addAction(info.icon, text, this, [this, slot] { Q_EMIT saveRequested(slot); });
    }
    addSeparator();
    addMenu(loadMenu)->setEnabled(on);
    addMenu(saveMenu)->setEnabled(on);
    addSeparator();
    addAction("&Undo load", this, [this] { Q_EMIT undoLoadRequested(); })->setEnabled(on);
    addAction("Undo &save", this, [this] { Q_EMIT undoSaveRequested(); })->setEnabled(on);
}

SavestateSettingsPage::SavestateSettingsPage(const Settings& s, QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    rewind_ = new QCheckBox("Keep rewind snapshots (hold the Rewind hotkey to step back)");
    rewind_->setChecked(s.rewindEnabled);
    interval_ = new QSpinBox;
    interval_->setRange(1, 120);
    interval_->setSuffix(" frames");
    interval_->setValue(s.rewindInterval);
    budget_ = new QSpinBox;
    budget_->setRange(8, 2048);
    budget_->setSuffix(" MiB");
    budget_->setValue(s.rewindBudgetMiB);
    runAhead_ = new QSpinBox;
    runAhead_->setRange(0, 4);
    runAhead_->setSuffix(" frames");
    runAhead_->setValue(s.runAhead);
    form->addRow("", rewind_);
    form->addRow("Snapshot every:", interval_);
    form->addRow("Rewind memory:", budget_);
    form->addRow("Run-ahead:", runAhead_);
    cardsPerGame_ = new QCheckBox("Memory cards per game");
    cardsPerGame_->setChecked(s.memoryCardsPerGame);
    cardsPerGame_->setToolTip("Each game gets its own two cards, named by its id (the disc's "
                              "serial), created on first use; otherwise all games share "
                              "card1.mcd and card2.mcd.");
    form->addRow("", cardsPerGame_);
    form->addRow("", new QLabel("Rewind and memory card settings take effect when a program is "
                                "next started or reset; run-ahead at once."));
}

void SavestateSettingsPage::apply(Settings& s) const {
    s.rewindEnabled = rewind_->isChecked();
    s.rewindInterval = interval_->value();
    s.rewindBudgetMiB = budget_->value();
    s.runAhead = runAhead_->value();
    s.memoryCardsPerGame = cardsPerGame_->isChecked();
}

} // namespace app
